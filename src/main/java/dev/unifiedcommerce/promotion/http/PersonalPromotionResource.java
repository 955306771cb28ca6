package dev.unifiedcommerce.promotion.http;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.promotion.Promotion;
import dev.unifiedcommerce.promotion.Promotions;
import dev.unifiedcommerce.promotion.http.PromotionResource.PersonalBody;
import dev.unifiedcommerce.promotion.http.PromotionResource.PromotionView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Personal codes for one customer (Checkout function). */
@Path("/customers/{customerId}/promotions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PersonalPromotionResource {
    private final Promotions promotions;
    private final Caller caller;

    public PersonalPromotionResource(Promotions promotions, Caller caller) {
        this.promotions = promotions;
        this.caller = caller;
    }

    /**
     * A single-use personal code for a customer, e.g. issued at the till; it shows on their profile until used or expired.
     * Staff: only for customers of their stores, within the value and daily count staff may issue (else 403 naming what).
     */
    @POST
    @APIResponse(responseCode = "403", description = "Staff: the customer has no order or "
            + "visit in their stores (field customerId, reason NOT_A_CUSTOMER_OF_YOUR_STORES), the code is worth more than staff may issue (field "
            + "percentOff or amountOff, reason ABOVE_STAFF_LIMIT), or they issued their daily count (reason STAFF_DAILY_COUNT). An admin may.")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public Response issue(@PathParam("customerId") @Pattern(regexp = Ids.PATTERN) String customerId, @NotNull @Valid PersonalBody b) {
        Promotion p = promotions.issuePersonal(customerId, b.type(), b.percentOff(), b.amountOff() == null ? null : b.amountOff().toMoney(),
                PromotionResource.instant(b.validUntil(), "validUntil"), new Promotions.Issuer(caller.id(), caller.isAdmin(), caller.stores()));
        return Response.status(201).entity(PromotionView.of(p)).build();
    }

}
