package dev.unifiedcommerce.platform.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time this request has before Lambda stops the function, less a margin to answer and give back what is held: in
 * AWS the Lambda context's own remaining time (an invocation that waited, or a cold start, has less than the timeout),
 * else its start plus the function's timeout (the template sets it per function). Outbound calls fit themselves into
 * it; one that cannot start in time is not started (the caller answers 503 and keeps what the money issues say).
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

        /**
         * Read the Lambda context's remaining time. Off locally: the mock event server sends no deadline, so its
         * context's remaining time means nothing there.
         */
        @WithDefault("true")
        boolean lambdaContext();
    }

    /** The invocation's remaining time as Lambda tells it, when it does. */
    public interface LambdaTimeLeft {
        Optional<Duration> remaining();
    }

    private final BudgetConfig config;
    private final Clock clock;
    private final LambdaTimeLeft lambda;
    private Instant deadline;

    @Inject
    public Budget(BudgetConfig config, Clock clock, Instance<com.amazonaws.services.lambda.runtime.Context> lambdaContext) {
        this(config, clock, () -> fromContext(lambdaContext));
    }

    Budget(BudgetConfig config, Clock clock, LambdaTimeLeft lambda) {
        this.config = config;
        this.clock = clock;
        this.lambda = lambda;
    }

    void start() {
        if (deadline != null) return;
        Duration time = config.functionTimeout();
        if (config.lambdaContext()) {
            // only a plausible answer is believed: Lambda never gives more than the function's timeout
            Optional<Duration> left = lambda.remaining().filter(d -> d.isPositive() && d.compareTo(config.functionTimeout()) <= 0);
            if (left.isPresent()) time = left.get();
        }
        deadline = clock.instant().plus(time).minus(config.margin());
    }

    private static Optional<Duration> fromContext(Instance<com.amazonaws.services.lambda.runtime.Context> context) {
        try {
            if (!context.isResolvable()) return Optional.empty();
            return Optional.of(Duration.ofMillis(context.get().getRemainingTimeInMillis()));
        } catch (RuntimeException notInAnInvocation) {
            return Optional.empty(); // no Lambda request behind this one (a test, a local call): the timeout rules
        }
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
