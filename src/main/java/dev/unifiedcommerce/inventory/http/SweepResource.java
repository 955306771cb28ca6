package dev.unifiedcommerce.inventory.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import static dev.unifiedcommerce.inventory.http.InventoryViews.SweepResult;

/**
 * The Sweeper. EventBridge sends a constant synthetic HTTP API event (BUILD-NOTES) whose requestContext.apiId is
 * {@link #SCHEDULE_API_ID}; no HTTP API defines this route, and a real HTTP API event always carries its own
 * apiId, so no HTTP caller can reach it. Anything else gets 404 as if the route did not exist.
 */
@Path("/internal/sweep")
public class SweepResource {
    public static final String SCHEDULE_API_ID = "sweeper-schedule";
    static final int BATCH = 100;

    private final Inventory inventory;

    public SweepResource(Inventory inventory) { this.inventory = inventory; }

    @POST
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public SweepResult sweep(@Context APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || !SCHEDULE_API_ID.equals(event.getRequestContext().getApiId())) {
            throw new Rejected(Rejected.Kind.NOT_FOUND, "not-found", "Not Found", "no such resource", null, null, null);
        }
        return new SweepResult(inventory.sweep(BATCH));
    }
}
