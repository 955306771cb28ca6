package dev.unifiedcommerce.followup.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The FollowUps function's schedule. As for the Sweeper (BUILD-NOTES), EventBridge sends a constant synthetic HTTP API
 * event whose requestContext.apiId is {@link #SCHEDULE_API_ID}; no HTTP API defines this route, and anything else
 * gets 404 as if it did not exist.
 */
@Path("/internal/follow-ups")
public class FollowUpsResource {
    public static final String SCHEDULE_API_ID = "follow-ups-schedule";

    private final FollowUps followUps;

    public FollowUpsResource(FollowUps followUps) { this.followUps = followUps; }

    @POST
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public FollowUps.Pass run(@Context APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || !SCHEDULE_API_ID.equals(event.getRequestContext().getApiId())) {
            throw new Rejected(Rejected.Kind.NOT_FOUND, "not-found", "Not Found", "no such resource", null, null, null);
        }
        return followUps.run();
    }
}
