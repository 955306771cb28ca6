package dev.unifiedcommerce.platform.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How much time a request has: what Lambda says is left when it says so, else the function's timeout. */
class BudgetTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    record Config(Duration functionTimeout, Duration margin, boolean lambdaContext) implements Budget.BudgetConfig {}

    static Duration remaining(boolean useLambda, Optional<Duration> lambdaSays) {
        return new Budget(new Config(Duration.ofSeconds(15), Duration.ofSeconds(1), useLambda), NOW, () -> lambdaSays).remaining();
    }

    @Test
    void anInvocationThatStartedLateHasOnlyWhatLambdaSaysIsLeft() {
        assertThat(remaining(true, Optional.of(Duration.ofSeconds(6)))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void withoutALambdaContextTheFunctionsTimeoutRules() {
        assertThat(remaining(true, Optional.empty())).isEqualTo(Duration.ofSeconds(14));
    }

    @Test
    void anImplausibleRemainingTimeIsIgnored() {
        // the local mock event server sends no deadline: its "remaining time" is negative or absurd
        assertThat(remaining(true, Optional.of(Duration.ofMillis(-1_764_000_000)))).isEqualTo(Duration.ofSeconds(14));
        assertThat(remaining(true, Optional.of(Duration.ofHours(3)))).isEqualTo(Duration.ofSeconds(14));
    }

    @Test
    void locallyTheContextIsNotAsked() {
        assertThat(remaining(false, Optional.of(Duration.ofSeconds(6)))).isEqualTo(Duration.ofSeconds(14));
    }
}
