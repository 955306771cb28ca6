package dev.unifiedcommerce.platform.table;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "commerce.table")
public interface TableConfig {
    /** Name of the single table. */
    @WithDefault("commerce")
    String name();

    /** Create the table from infra/table.json at startup when missing (local stack and tests only). */
    @WithDefault("false")
    boolean createIfMissing();

    Retry retry();

    interface Retry {
        /** Attempts for a transaction that hits conflicts or throttling, the first included. */
        @WithDefault("6")
        int maxAttempts();

        /** First backoff; doubles each attempt, with full jitter, capped by maxBackoff. */
        @WithDefault("PT0.025S")
        Duration baseBackoff();

        @WithDefault("PT0.4S")
        Duration maxBackoff();

        /** One attempt's longest time (quarkus.dynamodb.api-call-attempt-timeout): no retry starts without it left. */
        @WithDefault("PT3S")
        Duration attemptTimeout();
    }
}
