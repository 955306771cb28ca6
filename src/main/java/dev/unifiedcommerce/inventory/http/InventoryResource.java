package dev.unifiedcommerce.inventory.http;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.unifiedcommerce.inventory.http.InventoryViews.*;

/** Stock levels: set, adjust, read per SKU and per location (Inventory function). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InventoryResource {
    private final Inventory inventory;
    private final CatalogStore catalog;
    private final Caller caller;
    private final Idempotency idempotency;

    private final Cursors cursors;

    public InventoryResource(Inventory inventory, CatalogStore catalog, Caller caller, Idempotency idempotency, Cursors cursors) {
        this.cursors = cursors;
        this.inventory = inventory;
        this.catalog = catalog;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @PUT
    @Path("inventory/{sku}/{locationId}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public StockLevelView setOnHand(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku,
                                    @PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                                    @NotNull @Valid OnHandBody body) {
        caller.requireStore(locationId);
        return StockLevelView.of(inventory.setOnHand(sku, locationId, body.onHand()));
    }

    /**
     * Splits a hot SKU's stock at one location over 1..16 items, so its holds are not limited by one item's writes per
     * second; onHand, reserved and available stay as GET /inventory/{sku} shows them. Admin only: it is capacity planning.
     */
    @PUT
    @Path("inventory/{sku}/{locationId}/shards")
    @RolesAllowed({Roles.ADMIN})
    public ShardedStockView setShards(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku,
                                      @PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                                      @NotNull @Valid ShardsBody body) {
        return ShardedStockView.of(inventory.setShards(sku, locationId, body.count()));
    }

    @POST
    @Path("inventory/{sku}/{locationId}/adjustments")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public Response adjust(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku,
                           @PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey,
                           @NotNull @Valid AdjustmentBody body) {
        caller.requireStore(locationId);
        if (body.delta() == 0) throw Rejected.invalid("delta", "must not be 0");
        // An adjustment is not naturally idempotent (a retried -2 would remove 4): with a key it happens once, the
        // stored answer written in the adjustment's own transaction.
        return idempotency.execute(caller.id(), "POST /inventory/" + sku + "/" + locationId + "/adjustments", idempotencyKey, body, 200,
                completion -> StockLevelView.of(inventory.adjust(sku, locationId, body.delta(), body.reason(),
                        after -> completion.record(200, StockLevelView.of(after)))));
    }

    @GET
    @Path("inventory/{sku}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public SkuStock stockOf(@PathParam("sku") @Pattern(regexp = Ids.PATTERN) String sku) {
        List<StockLevel> levels = inventory.stockOf(sku);
        Map<String, Location> locations = catalog.lookup(List.of(), levels.stream().map(StockLevel::locationId).toList()).locations();
        var rows = levels.stream().map(s -> new LocationStock(s.locationId(), s.onHand(), s.reserved(), s.available(),
                locations.containsKey(s.locationId()) && locations.get(s.locationId()).pickup(), s.shards() > 1 ? s.shards() : null))
                .collect(Collectors.toList());
        return new SkuStock(sku, levels.stream().mapToLong(StockLevel::available).sum(), rows);
    }

    @GET
    @Path("locations/{locationId}/inventory")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public LocationInventory stockAt(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                                     @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit,
                                     @QueryParam("next") String next, @Context UriInfo uri) {
        String scope = Cursors.scope(caller.id(), uri);
        var page = inventory.stockAt(locationId, limit, cursors.open(next, scope));
        return new LocationInventory(locationId, page.items().stream().map(StockLevelView::of).toList(), cursors.seal(page.next(), scope));
    }
}
