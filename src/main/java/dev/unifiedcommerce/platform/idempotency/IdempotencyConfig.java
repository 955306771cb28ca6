package dev.unifiedcommerce.platform.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "commerce.idempotency")
public interface IdempotencyConfig {
    /** How long a completed answer is replayed. */
    @WithDefault("PT24H")
    Duration retention();

    /** An IN_PROGRESS record lapses after this (the function's timeout), so a crashed request can be retried. */
    @WithDefault("PT30S")
    Duration inProgressTimeout();
}
