package dev.unifiedcommerce.visit.http;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.visit.Visits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** The slots a shopper can book at a store, with the store's stock of what they want to try (Inventory function). */
@Path("/locations/{locationId}/visit-slots")
@Produces(MediaType.APPLICATION_JSON)
public class VisitSlotsResource {
    private final Visits visits;

    public VisitSlotsResource(Visits visits) { this.visits = visits; }

    @GET
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public VisitViews.SlotsView slots(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                                      @QueryParam("from") String from, @QueryParam("days") @DefaultValue("7") @Min(1) @Max(31) int days,
                                      @QueryParam("skus") @Size(max = 400) String skus) {
        LocalDate start;
        try {
            start = from == null ? LocalDate.now(visits.zoneOf(locationId)) : LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            throw Rejected.invalid("from", "must be a date YYYY-MM-DD (in the store's time zone)");
        }
        List<String> wanted = skus == null || skus.isBlank() ? List.of() : Arrays.stream(skus.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (wanted.size() > 10) throw Rejected.invalid("skus", "at most 10 SKUs");
        for (String sku : wanted) if (!sku.matches(Ids.PATTERN)) throw Rejected.invalid("skus", "'" + sku + "' is not a SKU");
        var a = visits.availability(locationId, start, days, wanted);
        return new VisitViews.SlotsView(locationId, a.zone().getId(), a.slots().stream().map(VisitViews.SlotView::of).toList(),
                a.stock().stream().map(l -> new VisitViews.StockView(l.sku(), l.available())).toList());
    }
}
