package dev.unifiedcommerce.terminal.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.Terminal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Card readers and Stripe Terminal (Terminal function). Staff act on their own stores' readers; admin on all. */
@Path("/terminal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TerminalResource {
    public record TerminalLocationView(String locationId, String stripeLocationId) {}

    public record RegisterBody(@NotBlank @Size(max = 100) String registrationCode,
                               @NotBlank @Size(max = 64) String label,
                               @NotNull @Pattern(regexp = Ids.PATTERN) String locationId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReaderView(String readerId, String stripeReaderId, String label, String locationId, String deviceType, String status,
                             Reader.Action action) {
        static ReaderView of(Reader r) {
            return new ReaderView(r.id(), r.stripeReaderId(), r.label(), r.locationId(), r.deviceType(), r.status(), r.action());
        }
    }

    public record ReaderList(List<ReaderView> readers) {}

    public record TokenBody(@NotNull @Pattern(regexp = Ids.PATTERN) String locationId) {}

    public record TokenView(String secret) {}

    private final Terminal terminal;
    private final Caller caller;
    private final Idempotency idempotency;

    public TerminalResource(Terminal terminal, Caller caller, Idempotency idempotency) {
        this.terminal = terminal;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @POST
    @Path("locations/{locationId}")
    @RolesAllowed(Roles.ADMIN)
    public TerminalLocationView location(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId) {
        return new TerminalLocationView(locationId, terminal.terminalLocation(locationId));
    }

    @POST
    @Path("readers")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public Response register(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid RegisterBody body) {
        caller.requireStore(body.locationId());
        // Registration is a Stripe call, not a table transaction: the key replays the stored answer once it exists.
        return idempotency.execute(caller.id(), "POST /terminal/readers", idempotencyKey, body, 201, completion -> {
            ReaderView view = ReaderView.of(terminal.register(new Terminal.Registration(body.registrationCode(), body.label(), body.locationId())));
            Writes record = completion.record(201, view);
            if (!record.isEmpty()) idempotency.store(record);
            return view;
        });
    }

    @GET
    @Path("readers")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public ReaderList readers(@QueryParam("locationId") @NotNull @Pattern(regexp = Ids.PATTERN) String locationId) {
        caller.requireStore(locationId);
        return new ReaderList(terminal.readersAt(locationId).stream().map(ReaderView::of).toList());
    }

    @DELETE
    @Path("readers/{readerId}")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public Response remove(@PathParam("readerId") @Pattern(regexp = Ids.PATTERN) String readerId) {
        caller.requireStore(terminal.reader(readerId).locationId());
        terminal.remove(readerId);
        return Response.noContent().build();
    }

    @POST
    @Path("readers/{readerId}/cancel-action")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public ReaderView cancelAction(@PathParam("readerId") @Pattern(regexp = Ids.PATTERN) String readerId) {
        caller.requireStore(terminal.reader(readerId).locationId());
        return ReaderView.of(terminal.cancelAction(readerId));
    }

    /** A fresh single-use token on every call; never cached, never logged. */
    @POST
    @Path("connection-tokens")
    @RolesAllowed({Roles.ADMIN, Roles.STAFF})
    public Response connectionToken(@NotNull @Valid TokenBody body) {
        caller.requireStore(body.locationId());
        return Response.status(201).entity(new TokenView(terminal.connectionToken(body.locationId())))
                .header("Cache-Control", "no-store").build();
    }
}
