package dev.unifiedcommerce.platform.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.RequestScoped;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time this request has before Lambda stops the function: its start plus the function's timeout (the template sets
 * it per function), less a margin to answer and give back what is held. Outbound calls fit themselves into it; one that
 * cannot start in time is not started (the caller answers 503 and keeps what the money issues say it keeps).
 */
@RequestScoped
public class Budget {
    @ConfigMapping(prefix = "commerce.budget")
    public interface BudgetConfig {
        /** The function's timeout (COMMERCE_BUDGET_FUNCTION_TIMEOUT; template.yaml sets each function's). */
        @WithDefault("PT15S")
        Duration functionTimeout();

        /** Kept back to write the answer and release what a failure leaves held. */
        @WithDefault("PT1S")
        Duration margin();
    }

    private final BudgetConfig config;
    private final Clock clock;
    private Instant deadline;

    public Budget(BudgetConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void start() {
        if (deadline == null) deadline = clock.instant().plus(config.functionTimeout()).minus(config.margin());
    }

    /** Time left before this request must answer. */
    public Duration remaining() {
        start();
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Starts every request's clock as it arrives. */
    public static class Starter {
        private final Budget budget;

        public Starter(Budget budget) { this.budget = budget; }

        @ServerRequestFilter(preMatching = true)
        public void started() { budget.start(); }
    }
}
