package dev.unifiedcommerce.catalog.http;

import dev.unifiedcommerce.catalog.Catalog;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.pagination.Cursors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.Set;

import static dev.unifiedcommerce.catalog.http.CatalogViews.*;

/** Products and locations (Inventory function). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CatalogResource {
    private final Catalog catalog;

    private final Caller caller;
    private final Cursors cursors;

    public CatalogResource(Catalog catalog, Caller caller, Cursors cursors) {
        this.catalog = catalog;
        this.caller = caller;
        this.cursors = cursors;
    }

    @PUT
    @Path("products/{sku}")
    @RolesAllowed(Roles.ADMIN)
    public ProductView putProduct(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Valid ProductBody body) {
        Product.Subscription subscription = null;
        if (body.subscription() != null) {
            var price = body.subscription().price().toMoney();
            if (!price.currency().equals(body.price().toMoney().currency())) {
                throw Rejected.invalid("subscription.price.currency", "must be the product's currency (" + body.price().currency() + ")");
            }
            if (price.amount() < 1) throw Rejected.invalid("subscription.price.amount", "must be at least 1");
            subscription = new Product.Subscription(Set.copyOf(body.subscription().intervals()), price);
        }
        return ProductView.of(catalog.saveProduct(new Product(sku, body.name(), body.price().toMoney(), body.active() == null || body.active(), subscription)));
    }

    @GET
    @Path("products/{sku}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public ProductView getProduct(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku) {
        return ProductView.of(catalog.product(sku));
    }

    @PUT
    @Path("locations/{locationId}")
    @RolesAllowed(Roles.ADMIN)
    public LocationView putLocation(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                                    @NotNull @Valid LocationBody body) {
        boolean pickup = body.pickup() != null ? body.pickup() : body.type() == Location.Type.STORE;
        return LocationView.of(catalog.saveLocation(new Location(locationId, body.name(), body.type(), pickup,
                body.address().toAddress(), null, body.zone(),
                // the store's number, as its staff type it: national numbers are read in the store's own country
                Contact.e164(body.phone(), "phone", body.address().country()))));
    }

    @GET
    @Path("locations")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public LocationList locations(@QueryParam("limit") @DefaultValue("500") @Min(1)
                                  @Max(1000) int limit, @QueryParam("next") String next,
                                  @Context UriInfo uri) {
        // a page at a time: a business with thousands of locations must not make one answer too large to carry
        String scope = Cursors.scope(caller.id(), uri);
        var page = catalog.locations(limit, cursors.open(next, scope));
        return new LocationList(page.locations().stream().map(LocationView::of).toList(), cursors.seal(page.next(), scope));
    }

    @GET
    @Path("locations/{locationId}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public LocationView location(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId) {
        return LocationView.of(catalog.location(locationId));
    }
}
