package dev.unifiedcommerce.visit.http;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.pagination.Cursors;
import dev.unifiedcommerce.visit.Visits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The store's day: who is coming, when, for what (Checkout function). */
@Path("/locations/{locationId}/visits")
@Produces(MediaType.APPLICATION_JSON)
public class StoreVisitsResource {
    private final Visits visits;
    private final Caller caller;
    private final Cursors cursors;

    public StoreVisitsResource(Visits visits, Caller caller, Cursors cursors) {
        this.visits = visits;
        this.caller = caller;
        this.cursors = cursors;
    }

    @GET
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public VisitViews.DayView day(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId, @QueryParam("date") String date,
                                  @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(200) int limit, @QueryParam("next") String next,
                                  @Context UriInfo uri) {
        caller.requireStore(locationId);
        var zone = visits.zoneOf(locationId);
        LocalDate day;
        try {
            day = date == null ? LocalDate.now(zone) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw Rejected.invalid("date", "must be a date YYYY-MM-DD (in the store's time zone)");
        }
        String scope = Cursors.scope(caller.id(), uri);
        var page = visits.day(locationId, day, limit, cursors.open(next, scope));
        return new VisitViews.DayView(locationId, day.toString(), zone.getId(),
                page.visits().stream().map(v -> VisitViews.VisitView.of(v, zone, true)).toList(), cursors.seal(page.next(), scope));
    }
}
