package dev.unifiedcommerce.inventory.http;

import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.platform.metrics.Metrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Map;

import static dev.unifiedcommerce.inventory.http.InventoryViews.*;

/** Holds of stock for a shopper: all lines or none (Inventory function). */
@Path("/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReservationResource {
    static final int DEFAULT_TTL_SECONDS = 900;

    private final Inventory inventory;
    private final Caller caller;
    private final Idempotency idempotency;
    private final Metrics metrics;

    public ReservationResource(Inventory inventory, Caller caller, Idempotency idempotency, Metrics metrics) {
        this.metrics = metrics;
        this.inventory = inventory;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public Response hold(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid ReservationBody body) {
        Duration ttl = Duration.ofSeconds(body.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : body.ttlSeconds());
        // the key's record is written by the hold's own transaction: a hold with a key is still one request
        return idempotency.executeInOneTransaction(caller.id(), "POST /reservations", idempotencyKey, body, 201, completion -> {
            try {
                Reservation r = inventory.hold(caller.id(), body.lines().stream().map(LineBody::toLine).toList(), ttl,
                        held -> completion.record(201, ReservationView.of(held)));
                metrics.count("Holds", Map.of("Outcome", "HELD"));
                return ReservationView.of(r);
            } catch (InsufficientStock shortage) {
                metrics.count("Holds", Map.of("Outcome", "SHORT"));
                throw shortage;
            }
        }, null);
    }

    @GET
    @Path("{reservationId}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public ReservationView get(@PathParam("reservationId") @Pattern(regexp = Ids.PATTERN) String reservationId) {
        return ReservationView.of(visible(reservationId));
    }

    @DELETE
    @Path("{reservationId}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.CHANNEL})
    public ReservationView release(@PathParam("reservationId") @Pattern(regexp = Ids.PATTERN) String reservationId) {
        Reservation r = visible(reservationId);
        if (caller.isStaff() && !caller.isAdmin() && !caller.id().equals(r.owner())) {
            // staff release holds of their own stores only: every line's location must be one of theirs
            r.lines().forEach(l -> caller.requireStore(l.locationId()));
        }
        return ReservationView.of(inventory.release(reservationId));
    }

    /** A channel sees only the reservations it made; to anyone else they do not exist. */
    private Reservation visible(String id) {
        Reservation r = inventory.reservation(id);
        if (!caller.isAdmin() && !caller.isStaff() && !caller.id().equals(r.owner())) {
            throw Rejected.notFound("reservation", "reservationId", id);
        }
        return r;
    }
}
