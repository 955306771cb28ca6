package dev.unifiedcommerce.platform.routing;

import dev.unifiedcommerce.platform.errors.http.Problem;
import dev.unifiedcommerce.platform.errors.http.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** Runs before matching and before auth: a route this function does not own is 404, whoever asks. */
public class RoutingFilter {
    private final ThisFunction function;

    public RoutingFilter(ThisFunction function) { this.function = function; }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> onlyOwnRoutes(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (function.serves(path)) return Optional.empty();
        return Optional.of(ProblemMappers.toResponse(new Problem(404, "not-found", "Not Found",
                "no such resource", null, null, null)));
    }
}
