package dev.unifiedcommerce.platform.routing;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Which function this instance is (COMMERCE_FUNCTION), and so which routes it serves. A bean of its own so one running
 * application can be asked to be another function (RoutingTest), instead of a second application per function.
 */
@ApplicationScoped
@Startup // a COMMERCE_FUNCTION that names no function stops the boot, not every request
public class ThisFunction {
    private final Function serving;

    @Inject
    ThisFunction(RoutingConfig config) { this(config.serving()); }

    public ThisFunction(Function serving) { this.serving = serving; }

    public boolean serves(String path) { return Routes.serves(serving, path); }
}
