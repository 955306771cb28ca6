package dev.unifiedcommerce.visit.http;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.visit.VisitSchedule;
import dev.unifiedcommerce.visit.Visits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A store's visit schedule (Inventory function: it lives beside the location). */
@Path("/locations/{locationId}/visit-schedule")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VisitScheduleResource {
    private final Visits visits;
    private final Caller caller;

    public VisitScheduleResource(Visits visits, Caller caller) {
        this.visits = visits;
        this.caller = caller;
    }

    @PUT
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public VisitViews.ScheduleView put(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId, @NotNull @Valid VisitViews.ScheduleBody b) {
        caller.requireStore(locationId);
        List<VisitSchedule.OpeningHours> hours = b.openingHours().stream().map(h -> new VisitSchedule.OpeningHours(day(h.day()),
                LocalTime.parse(h.open()), LocalTime.parse(h.close()))).toList();
        Set<LocalDate> closed = b.closed() == null ? Set.of() : Set.copyOf(b.closed().stream().map(d -> {
            try {
                return LocalDate.parse(d);
            } catch (DateTimeParseException e) {
                throw Rejected.invalid("closed", "'" + d + "' is not a date");
            }
        }).toList());
        VisitSchedule s = visits.saveSchedule(new VisitSchedule(locationId, b.slotMinutes(), b.capacity(), hours, closed,
                b.holdGraceMinutes() == null ? 30 : b.holdGraceMinutes(), b.reminderHoursBefore() == null ? 3 : b.reminderHoursBefore(),
                b.leadMinutes() == null ? VisitSchedule.DEFAULT_LEAD_MINUTES : b.leadMinutes(),
                b.bookingHorizonDays() == null ? VisitSchedule.DEFAULT_HORIZON_DAYS : b.bookingHorizonDays()));
        return VisitViews.ScheduleView.of(s, visits.zoneOf(locationId));
    }

    @GET
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public VisitViews.ScheduleView get(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId) {
        return VisitViews.ScheduleView.of(visits.schedule(locationId), visits.zoneOf(locationId));
    }

    static DayOfWeek day(String abbreviation) {
        return Arrays.stream(DayOfWeek.values()).filter(d -> d.name().startsWith(abbreviation)).findFirst().orElseThrow();
    }
}
