package dev.unifiedcommerce.reconcile.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.reconcile.Reconciler;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The Reconciler function's schedule: as for the Sweeper (BUILD-NOTES), a constant synthetic HTTP API event whose
 * requestContext.apiId is {@link #SCHEDULE_API_ID}; no HTTP API defines this route, anything else gets 404.
 */
@Path("/internal/reconcile")
public class ReconcileResource {
    public static final String SCHEDULE_API_ID = "reconcile-schedule";

    private final Reconciler reconciler;

    public ReconcileResource(Reconciler reconciler) { this.reconciler = reconciler; }

    @POST
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Reconciler.Pass run(@Context APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || !SCHEDULE_API_ID.equals(event.getRequestContext().getApiId())) {
            throw new Rejected(Rejected.Kind.NOT_FOUND, "not-found", "Not Found", "no such resource", null, null, null);
        }
        return reconciler.run();
    }
}
