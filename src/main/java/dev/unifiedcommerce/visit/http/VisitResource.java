package dev.unifiedcommerce.visit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PhoneRegions;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.customer.http.CustomerAccess;
import dev.unifiedcommerce.messaging.ChatUrls;
import dev.unifiedcommerce.messaging.NotifyConfig;
import dev.unifiedcommerce.messaging.SmsPolicy;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.visit.Visit;
import dev.unifiedcommerce.visit.VisitReminders;
import dev.unifiedcommerce.visit.Visits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Booking a visit to try items on, and its life until the shopper walks in (Checkout function). */
@Path("/visits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VisitResource {
    static final String ROUTE = "POST /visits";

    private final Visits visits;
    private final Caller caller;
    private final Idempotency idempotency;
    private final ObjectMapper json;
    private final PhoneRegions phoneRegions;
    private final SmsPolicy smsPolicy;
    private final NotifyConfig notify;
    private final VisitReminders.VisitsConfig config;

    @Inject CustomerAccess access;

    public VisitResource(Visits visits, Caller caller, Idempotency idempotency, ObjectMapper json, PhoneRegions phoneRegions, SmsPolicy smsPolicy,
                         NotifyConfig notify, VisitReminders.VisitsConfig config) {
        this.config = config;
        this.visits = visits;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
        this.phoneRegions = phoneRegions;
        this.smsPolicy = smsPolicy;
        this.notify = notify;
    }

    @POST
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "BOOKED: the slot's place taken and the "
            + "items held until the slot ends plus the store's grace, in one transaction (a replayed Idempotency-Key answers the same visit).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = VisitViews.VisitView.class)))
    @APIResponse(responseCode = "409", description = "The slot is full (field start), or "
            + "an item is short (shortages): nothing booked, nothing held.")
    @APIResponse(responseCode = "422", description = "start is no slot, in the past, "
            + "inside the lead time or past the horizon (field start); a customer's or verified shopper's third open visit (field customer); an "
            + "unknown store; a booking nobody vouched for (a channel's typed phone or e-mail) holding more than 2 units of a SKU (items[i].quantity) "
            + "or 5 in all (items).")
    @APIResponse(responseCode = "403", description = "A channel named a customer none of its "
            + "shoppers is bound to (field customer.customerId).")
    public Response book(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid VisitViews.BookBody b) {
        Instant start = instant(b.start(), "start");
        Supplier<String> region = () -> phoneRegions.of(b.locationId(), caller.isStaff() ? caller.stores() : Set.of());
        var c = b.customer();
        if (c.namesCustomer() && (c.phone() != null || c.email() != null)) {
            throw Rejected.invalid("customer.customerId", "names the customer alone: give either it or phone/email");
        }
        if (c.proof() != null) throw Rejected.invalid("customer.proof", "is for a sale at the till (a TERMINAL checkout)");
        // who the visit is for: a channel names only a shopper it bound (checked before every other rule)
        var named = access.named(c.customerId(), c.shopperRef(), c.verificationId(), "customer");
        String customerId = named.customerId();
        String shopperRef = named.vouch() != null && named.vouch().how() == Vouch.How.SHOPPER ? named.vouch().ref() : null;
        if (named.vouch() == null && caller.isChannelOnly()) withinUnverifiedHold(b.items());
        Contact contact = customerId != null ? null : new Contact(Contact.e164(c.phone(), "customer.phone", region), Contact.email(c.email(), "customer.email"), c.name());
        if (contact != null && contact.isEmpty()) throw Rejected.invalid("customer", "give a phone, an e-mail or a customerId");
        Visit.Reminder remindTo = null;
        if (b.reminder() != null) {
            String sms = Contact.e164(b.reminder().sms(), "notify.sms", region);
            if (sms != null) smsPolicy.requireAllowedCountry(sms, "notify.sms");
            String chat = b.reminder().chatWebhookUrl() == null ? null : ChatUrls.check(b.reminder().chatWebhookUrl(), notify.allowPrivateChatUrls()).toString();
            if (sms != null && chat != null) throw Rejected.invalid("notify", "give either sms or chatWebhookUrl");
            if (sms != null || chat != null) remindTo = new Visit.Reminder(sms, chat);
        }
        var booking = new Visits.Booking(b.locationId(), start, customerId, contact,
                b.items().stream().map(i -> new Visit.Item(i.sku(), i.quantity())).toList(), remindTo, shopperRef);
        return idempotency.executeInOneTransaction(caller.id(), ROUTE, idempotencyKey, b, 201,
                completion -> {
                    // the reminder's SMS costs money: counted with the booking (a replay of the key does not count again)
                    if (booking.remindTo() != null && booking.remindTo().sms() != null) smsPolicy.consume(booking.remindTo().sms(), caller.id(), "notify.sms");
                    return view(visits.book(caller.id(), booking, visitId -> completion.record(201, new VisitViews.StoredVisit(visitId))));
                },
                stored -> Response.status(201).entity(view(visits.get(read(stored).visitId()))).build());
    }

    @GET
    @Path("{visitId}")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public VisitViews.VisitView get(@PathParam("visitId") @Pattern(regexp = Ids.PATTERN) String visitId) { return view(visible(visitId)); }

    @POST
    @Path("{visitId}/reschedule")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public VisitViews.VisitView reschedule(@PathParam("visitId") @Pattern(regexp = Ids.PATTERN) String visitId, @NotNull @Valid VisitViews.StartBody b) {
        Visit v = visible(visitId);
        // a move may owe its reminder SMS again: counted as every SMS is (the domain owes none within the window)
        if (v.status() == Visit.Status.BOOKED && v.remindTo() != null && v.remindTo().sms() != null) smsPolicy.consume(v.remindTo().sms(), caller.id(), "start");
        return view(visits.reschedule(visitId, instant(b.start(), "start")));
    }

    @POST
    @Path("{visitId}/cancel")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public VisitViews.VisitView cancel(@PathParam("visitId") @Pattern(regexp = Ids.PATTERN) String visitId) {
        visible(visitId);
        return view(visits.cancel(visitId));
    }

    @POST
    @Path("{visitId}/arrived")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public VisitViews.VisitView arrived(@PathParam("visitId") @Pattern(regexp = Ids.PATTERN) String visitId) {
        caller.requireStore(visits.get(visitId).locationId());
        return view(visits.arrived(visitId));
    }

    @POST
    @Path("{visitId}/no-show")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public VisitViews.VisitView noShow(@PathParam("visitId") @Pattern(regexp = Ids.PATTERN) String visitId) {
        caller.requireStore(visits.get(visitId).locationId());
        return view(visits.noShow(visitId));
    }

    /** The channel that booked it, staff of its store, an admin; to anyone else it does not exist (or is another store's). */
    /**
     * A booking nobody vouched for (a channel's typed phone or e-mail: anyone's) holds only a little stock: a few units of
     * a SKU, a few in all (422 naming the item or {@code items}).
     */
    private void withinUnverifiedHold(List<VisitViews.ItemBody> items) {
        int total = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).quantity() > config.unverifiedMaxPerSku()) {
                throw Rejected.unusable("items[" + i + "].quantity", "a visit booked without a verified shopper holds at most "
                        + config.unverifiedMaxPerSku() + " units of a SKU; verify the shopper (customer.shopperRef) to hold more");
            }
            total += items.get(i).quantity();
        }
        if (total > config.unverifiedMaxUnits()) {
            throw Rejected.unusable("items", "a visit booked without a verified shopper holds at most " + config.unverifiedMaxUnits()
                    + " units in all; verify the shopper (customer.shopperRef) to hold more");
        }
    }

    private Visit visible(String visitId) {
        Visit v = visits.get(visitId);
        if (caller.isAdmin()) return v;
        if (caller.isStaff()) {
            caller.requireStore(v.locationId());
            return v;
        }
        if (!caller.id().equals(v.createdBy())) throw Rejected.notFound("visit", "visitId", visitId);
        return v;
    }

    private VisitViews.VisitView view(Visit v) {
        return VisitViews.VisitView.of(v, visits.zoneOf(v.locationId()), caller.isStaff() || caller.isAdmin()).withCustomerId(access.visible(v.customerId()));
    }

    private static Instant instant(String raw, String field) {
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw Rejected.invalid(field, "must be an ISO-8601 time with its offset, e.g. 2026-12-05T10:00:00+09:00");
        }
    }

    private VisitViews.StoredVisit read(String stored) {
        try {
            return json.readValue(stored, VisitViews.StoredVisit.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
