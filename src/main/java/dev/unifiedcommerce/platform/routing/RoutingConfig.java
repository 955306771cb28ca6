package dev.unifiedcommerce.platform.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Locale;

@ConfigMapping(prefix = "commerce")
public interface RoutingConfig {
    /** Which function this instance is (COMMERCE_FUNCTION in the template); ALL serves every route. */
    @WithDefault("all")
    String function();

    default Function serving() { return Function.valueOf(function().trim().toUpperCase(Locale.ROOT)); }
}
