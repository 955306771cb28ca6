package dev.unifiedcommerce.platform.routing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which function owns which path (DESIGN.md "Functions"). template.yaml declares the same routes on each function;
 * a function answers 404 for every route it does not own, so a route leaked to the wrong function reaches nothing.
 * Order matters: the first matching pattern wins.
 */
public final class Routes {
    public record Route(Pattern path, Function owner) {}

    public static final List<Route> TABLE = List.of(
            route("/locations/[^/]+/orders(/.*)?", Function.CHECKOUT),
            route("/checkouts(/.*)?", Function.CHECKOUT),
            route("/orders(/.*)?", Function.CHECKOUT),
            route("/customers(/.*)?", Function.CHECKOUT),
            route("/payment-issues(/.*)?", Function.CHECKOUT),
            route("/promotions(/.*)?", Function.CHECKOUT),
            route("/visits(/.*)?", Function.CHECKOUT),
            route("/subscriptions(/.*)?", Function.CHECKOUT),
            route("/locations/[^/]+/visits", Function.CHECKOUT),
            route("/locations/[^/]+/visit-(schedule|slots)", Function.INVENTORY),
            route("/products(/.*)?", Function.INVENTORY),
            route("/inventory(/.*)?", Function.INVENTORY),
            route("/reservations(/.*)?", Function.INVENTORY),
            route("/locations(/[^/]+(/inventory)?)?", Function.INVENTORY),
            route("/webhooks/stripe", Function.WEBHOOKS),
            route("/terminal(/.*)?", Function.TERMINAL),
            route("/internal/sweep", Function.SWEEPER),
            route("/internal/follow-ups", Function.FOLLOWUPS),
            route("/internal/reconcile", Function.RECONCILER),
            route("/internal/export", Function.EXPORTER),
            route("/reports(/.*)?", Function.REPORTS));

    private Routes() {}

    private static Route route(String regex, Function owner) { return new Route(Pattern.compile(regex), owner); }

    public static Optional<Function> ownerOf(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return TABLE.stream().filter(r -> r.path().matcher(p).matches()).map(Route::owner).findFirst();
    }

    /** Whether a function configured as {@code serving} answers this path. Operational paths (/q/...) are everyone's. */
    public static boolean serves(Function serving, String path) {
        if (path.startsWith("/q/")) return true;
        if (serving == Function.ALL) return true;
        return ownerOf(path).map(owner -> owner == serving).orElse(false);
    }
}
