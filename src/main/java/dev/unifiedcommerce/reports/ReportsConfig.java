package dev.unifiedcommerce.reports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "commerce.reports")
public interface ReportsConfig {
    LocalStream localStream();

    interface LocalStream {
        /** The local stack reads the table's change stream itself (dev mode, `local-up --packaged`); never in AWS. */
        @WithDefault("false")
        boolean enabled();
    }
}
