package dev.unifiedcommerce.order.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.catalog.http.CatalogViews;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PhoneRegions;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.customer.http.CustomerAccess;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.messaging.ChatUrls;
import dev.unifiedcommerce.messaging.NotifyConfig;
import dev.unifiedcommerce.messaging.SmsPolicy;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.payment.Refunds;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.pagination.Cursors;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.promotion.CodeRefused;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.unifiedcommerce.order.http.CheckoutViews.*;

/** Checkout for every channel, and the orders it makes (Checkout function). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CheckoutResource {
    static final String ROUTE = "POST /checkouts";

    private final Checkout checkout;
    private final Refunds refunds;
    private final Caller caller;
    private final Idempotency idempotency;
    private final NotifyConfig notify;
    private final ObjectMapper json;
    private final Metrics metrics;
    private final Inventory inventory;
    private final Cursors cursors;
    private final PhoneRegions phoneRegions;
    private final SmsPolicy smsPolicy;
    @Inject CustomerAccess access;

    public CheckoutResource(Checkout checkout, Refunds refunds, Caller caller, Idempotency idempotency,
                            NotifyConfig notify, ObjectMapper json, Metrics metrics, Inventory inventory,
                            Cursors cursors, PhoneRegions phoneRegions,
                            SmsPolicy smsPolicy) {
        this.smsPolicy = smsPolicy;
        this.cursors = cursors;
        this.phoneRegions = phoneRegions;
        this.inventory = inventory;
        this.metrics = metrics;
        this.checkout = checkout;
        this.refunds = refunds;
        this.caller = caller;
        this.idempotency = idempotency;
        this.notify = notify;
        this.json = json;
    }

    @POST
    @Path("checkouts")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "The order placed, its stock held and its "
            + "payment started: subtotal, discounts [{type: PROMOTION, code, amount} | {type: POINTS, points, amount}] and total. A total of 0 (a code covering everything) is PAID at once, without Stripe.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CheckoutView.class)))
    @APIResponse(responseCode = "422", description = "A reference cannot be used (field names it). "
            + "For field promotionCode, reason is one of NOT_APPLICABLE (to a channel: unknown, inactive, not yet valid, expired, or another customer's "
            + "personal code; staff and admins see UNKNOWN, INACTIVE, NOT_YET_VALID, EXPIRED, ANOTHER_CUSTOMERS), WRONG_CHANNEL, WRONG_LOCATION (also: the code's amount "
            + "is in another currency), BELOW_MINIMUM_SPEND, USED_UP, ALREADY_USED, CUSTOMER_REQUIRED (a personal or per-customer code needs the vouched "
            + "customer.customerId), BELOW_MINIMUM_CHARGE (the total left is above 0 but below what a card can be charged, e.g. 50 jpy or 0.50 usd). "
            + "Nothing is held or spent. For field redeemPoints, reason is CUSTOMER_REQUIRED (points are spent only through a vouched "
            + "customer.customerId), OVER_BALANCE or OVER_SHARE (with limit: the most points allowed), or BELOW_MINIMUM_CHARGE.")
    @APIResponse(responseCode = "400", description = "Malformed input; field names it.")
    @APIResponse(responseCode = "403", description = "A channel named a customer none of its "
            + "shoppers is bound to (field customer.customerId), checked before any other rule; a till sale by a channel.")
    @APIResponse(responseCode = "429", description = "Too many promotion codes refused this "
            + "hour for this shopper (or caller): no code is looked at until the window ends (Retry-After).")
    @APIResponse(responseCode = "409", description = "Not enough stock (shortages), the reader "
            + "is busy, the reservation is not held, or the Idempotency-Key is in use or was used with another body.")
    @APIResponse(responseCode = "502", description = "Stripe refused to start the payment: "
            + "the hold is released, the order cancelled and a code's use given back.")
    @APIResponse(responseCode = "503", description = "Stripe did not confirm the payment's start: "
            + "the order (orderId) keeps its hold; retry with the same Idempotency-Key (Retry-After).")
    public Response checkout(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid CheckoutBody body) {
        try {
            return place(idempotencyKey, body);
        } catch (Rejected refused) {
            // a channel never learns which secret codes exist: unknown, inactive, not yet valid, expired or another
            // customer's all read NOT_APPLICABLE to it; staff and admins keep the detail
            throw caller.isChannelOnly() ? CodeRefused.forChannel(refused) : refused;
        }
    }

    private Response place(String idempotencyKey, CheckoutBody body) {
        Checkout.Request request = toRequest(body);
        // the answer names the customer to a channel only when it vouched for them (no read: the request says so)
        var named = new CustomerAccess.Named(request.customerId(), request.vouch());
        try {
            Function<Idempotency.Completion, Object> work = completion -> {
                // an SMS costs money: counted before anything is held (a replay of the key does not count again)
                if (request.sms() != null) smsPolicy.consume(request.sms(), caller.id(), "payment.sendTo.sms");
                Checkout.Placement placed = checkout.place(caller.id(), request, orderId -> completion.record(201, new StoredAnswer(orderId)));
                metrics.count("Checkouts", Map.of("Channel", request.channel().name(), "Method", request.method().name()));
                try {
                    return shown(CheckoutView.of(checkout.startPayment(placed, request.sms(), request.chatWebhookUrl())), named);
                } catch (StripeFailed e) {
                    throw e.definite() ? e : notConfirmed(placed.order().id(), e);
                }
            };
            Function<String, Response> replay = stored -> {
                String orderId = readAs(stored, StoredAnswer.class).orderId();
                try {
                    return Response.status(201).entity(shown(CheckoutView.of(checkout.resume(orderId)), named)).build();
                } catch (StripeFailed e) {
                    throw e.definite() ? e : notConfirmed(orderId, e);
                }
            };
            // The key's record joins the order's transaction (no request of its own), unless an SMS is counted before it:
            // then the key is claimed first, so a replay never counts the SMS again.
            return request.sms() == null ? idempotency.executeInOneTransaction(caller.id(), ROUTE, idempotencyKey, body, 201, work, replay)
                    : idempotency.execute(caller.id(), ROUTE, idempotencyKey, body, 201, work, replay);
        } catch (StripeFailed e) {
            // Refused: the hold is released and the order cancelled, so the key must not replay that and a retry starts
            // afresh. No clear answer: the order keeps its hold and the key, and a retry with it resumes the payment.
            if (e.definite()) idempotency.forget(caller.id(), ROUTE, idempotencyKey);
            throw e;
        }
    }

    private CheckoutView shown(CheckoutView v, CustomerAccess.Named named) { return v.withCustomerId(access.visible(v.customerId(), named)); }

    private OrderView shown(Order o, List<TimelineEntry> timeline) {
        return OrderView.of(o, timeline).withCustomerId(access.visible(o.customerId()));
    }

    /** The order and its hold stand: the client retries with its Idempotency-Key (or reads the order). */
    private static Rejected notConfirmed(String orderId, StripeFailed e) {
        return new Rejected(Rejected.Kind.UNAVAILABLE, "payment-not-confirmed", "Payment provider did not confirm", "Stripe did not confirm the payment's start ("
                + e.getMessage() + "); order " + orderId + " keeps its stock; retry with the same Idempotency-Key", null, Map.of("orderId", orderId), 2);
    }

    /** The address typed for a SHIP order, its phone read in the address's own country. */
    private static PostalAddress shipTo(CheckoutBody b) {
        boolean onFile = Boolean.TRUE.equals(b.shipToAddressOnFile());
        if ((b.shipTo() != null || onFile) && b.fulfilment().type() != Order.Fulfilment.Type.SHIP) {
            throw Rejected.invalid(b.shipTo() != null ? "shipTo" : "shipToAddressOnFile", "is only for SHIP orders");
        }
        if (b.shipTo() != null && onFile) throw Rejected.invalid("shipTo", "give either shipTo or shipToAddressOnFile");
        return b.shipTo() == null ? null : b.shipTo().toAddress();
    }

    /** Cross-field rules that annotations cannot say, each naming its field. */
    private Checkout.Request toRequest(CheckoutBody b) {
        // who the order is for, and whether the caller may use what they own: before every other rule
        var c = b.customer();
        if (c != null && c.namesCustomer() && (c.phone() != null || c.email() != null)) {
            throw Rejected.invalid(c.shopperRef() != null ? "customer.shopperRef" : "customer.customerId",
                    "names the customer alone: give either it or phone/email");
        }
        CustomerAccess.Named named = c == null ? CustomerAccess.Named.NONE
                : access.named(c.customerId(), c.shopperRef(), c.verificationId(), c.proof(), "customer");
        if (c != null && c.proof() != null && b.payment().method() != Order.PaymentMethod.TERMINAL) {
            throw Rejected.invalid("customer.proof", "CARD is the card tapped on the store's reader: pay by TERMINAL");
        }
        if (b.channel() == Order.Channel.SUBSCRIPTION) throw Rejected.invalid("channel", "SUBSCRIPTION orders are made by subscriptions' paid invoices");
        boolean hasLines = b.lines() != null && !b.lines().isEmpty();
        if (hasLines == (b.reservationId() != null)) throw Rejected.invalid("lines", "give either lines or a reservationId");
        Map<String, Integer> perSku = new HashMap<>();
        if (hasLines) b.lines().forEach(l -> perSku.merge(l.sku(), l.quantity(), Integer::sum));
        perSku.forEach((sku, q) -> { if (q > Inventory.MAX_QUANTITY) throw Rejected.invalid("lines", "at most " + Inventory.MAX_QUANTITY + " units of " + sku); });
        var f = b.fulfilment();
        if (f.type() != Order.Fulfilment.Type.SHIP && f.locationId() == null) throw Rejected.invalid("fulfilment.locationId", "is required for " + f.type());
        var p = b.payment();
        if (p.method() == Order.PaymentMethod.TERMINAL && p.readerId() == null) throw Rejected.invalid("payment.readerId", "is required for TERMINAL");
        if (p.sendTo() != null && p.method() != Order.PaymentMethod.LINK) throw Rejected.invalid("payment.sendTo", "is only for LINK payments");
        if (b.channel() == Order.Channel.POS || p.method() == Order.PaymentMethod.TERMINAL) {
            if (f.locationId() == null) throw Rejected.invalid("fulfilment.locationId", "is the store of a POS sale");
            // a till sale drives a store's card reader: staff of that store (or an admin) only, never a channel
            if (!caller.isAdmin() && !caller.isStaff()) throw Rejected.forbidden("a till sale is made by staff of the store");
            caller.requireStore(f.locationId());
        }
        if (b.reservationId() != null) mayPayFor(inventory.reservation(b.reservationId()));
        if (b.visitId() != null) {
            if (b.channel() != Order.Channel.POS && p.method() != Order.PaymentMethod.TERMINAL) throw Rejected.invalid("visitId", "is for a sale at the till (POS)");
            if (!hasLines) throw Rejected.invalid("lines", "name what the shopper buys from the visit");
        }
        // read only for a number typed without its country code
        Supplier<String> region = () -> phoneRegions.of(f.locationId(), caller.isStaff() ? caller.stores() : Set.of());
        String sms = p.sendTo() == null ? null : Contact.e164(p.sendTo().sms(), "payment.sendTo.sms", region);
        if (sms != null) smsPolicy.requireAllowedCountry(sms, "payment.sendTo.sms");
        String chat = p.sendTo() == null || p.sendTo().chatWebhookUrl() == null ? null
                : ChatUrls.check(p.sendTo().chatWebhookUrl(), notify.allowPrivateChatUrls()).toString();
        Contact contact = c == null || c.namesCustomer() ? null : new Contact(Contact.e164(c.phone(), "customer.phone", region),
                Contact.email(c.email(), "customer.email"), c.name());
        List<Checkout.RequestedLine> lines = hasLines ? b.lines().stream().map(l -> new Checkout.RequestedLine(l.sku(), l.quantity())).toList() : List.of();
        return new Checkout.Request(b.channel(), contact, lines, b.reservationId(), f.type(), f.locationId(), p.method(), p.readerId(), sms, chat,
                named.vouchedId(), b.promotionCode(), b.redeemPoints(), b.visitId(), shipTo(b), Boolean.TRUE.equals(b.shipToAddressOnFile()),
                b.subscribe() == null ? null : b.subscribe().toAsked(), named.unprovenId(), named.vouch());
    }

    @GET
    @Path("orders/{orderId}")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public OrderView order(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        Order o = visible(orderId);
        return shown(o, checkout.timeline(orderId));
    }

    @POST
    @Path("orders/{orderId}/cancel")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public OrderView cancel(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId) {
        mayCancel(visible(orderId));
        Order o = checkout.cancel(orderId, caller.isChannel() ? "CHANNEL" : caller.isStaff() ? "STAFF" : "ADMIN");
        return shown(o, checkout.timeline(orderId));
    }

    public record RefundLineBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Min(1) @Max(10_000) Integer quantity) {}

    public record RefundBody(@Size(max = 40) List<@NotNull @Valid RefundLineBody> lines,
                             @Valid CatalogViews.MoneyBody amount,
                             @Pattern(regexp = Ids.PATTERN) String restockLocationId,
                             @Size(max = 200) String reason) {}

    public record RefundView(String refundId, String status, CatalogViews.MoneyBody amount, String stripeRefundId) {
        static RefundView of(Refunds.Result r) {
            return new RefundView(r.refundId(), r.status(), CatalogViews.MoneyBody.of(r.amount()), r.stripeRefundId());
        }
    }

    public record StoredRefund(String orderId, String refundId) {}

    /** Staff of any store refund any order (returns in any channel); they restock only into their own store. */
    @POST
    @Path("orders/{orderId}/refunds")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public Response refund(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId,
                           @HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid RefundBody body) {
        boolean hasLines = body.lines() != null && !body.lines().isEmpty();
        if (hasLines == (body.amount() != null)) throw Rejected.invalid("lines", "give either lines or an amount");
        if (body.restockLocationId() != null) caller.requireStore(body.restockLocationId());
        String route = "POST /orders/" + orderId + "/refunds";
        String by = caller.isAdmin() ? "ADMIN" : "STAFF";
        var request = new Refunds.Request(
                hasLines ? body.lines().stream().map(l -> new Refunds.RequestedLine(l.sku(), l.quantity())).toList() : List.of(),
                body.amount() == null ? null : body.amount().toMoney(), body.restockLocationId(), body.reason(), givingStore(body.restockLocationId()));
        try {
            return idempotency.execute(caller.id(), route, idempotencyKey, body, 201,
                    completion -> refundAnswer(refunds.refund(orderId, request, by, refundId -> completion.record(201, new StoredRefund(orderId, refundId)))),
                    stored -> {
                        StoredRefund ref = readAs(stored, StoredRefund.class);
                        return refundAnswer(refunds.settleNow(ref.orderId(), ref.refundId()));
                    });
        } catch (StripeFailed e) {
            // Stripe refused and the booking was given back: the key must not replay that, so a retry starts afresh.
            // Anything unclear keeps the key: the booking stands and a replay tells how it ends.
            if (e.definite()) idempotency.forget(caller.id(), route, idempotencyKey);
            throw e;
        }
    }

    /** Where a refund is given (and reported): the store taking the goods back, else the store of staff who work in one. */
    private String givingStore(String restockLocationId) {
        if (restockLocationId != null) return restockLocationId;
        var stores = caller.isStaff() && !caller.isAdmin() ? caller.stores() : Set.<String>of();
        return stores.size() == 1 ? stores.iterator().next() : null;
    }

    /** 201 once Stripe took the refund; 202 while its answer is owed (a replay of the same Idempotency-Key tells how it stands). */
    private static Response refundAnswer(Refunds.Result r) {
        return Response.status(Refunds.PENDING.equals(r.status()) ? 202 : 201).entity(RefundView.of(r)).build();
    }

    private <T> T readAs(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record FulfilmentBody(@NotNull Order.FulfilmentStatus status) {}

    @POST
    @Path("orders/{orderId}/fulfilment")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public OrderView fulfil(@PathParam("orderId") @Pattern(regexp = Ids.PATTERN) String orderId, @NotNull @Valid FulfilmentBody body) {
        Order o = checkout.order(orderId);
        caller.requireStore(o.fulfilment().locationId());
        if (body.status() == Order.FulfilmentStatus.NONE) throw Rejected.invalid("status", "must be READY_FOR_PICKUP, FULFILLED or SHIPPED");
        return OrderView.of(checkout.fulfil(orderId, body.status(), caller.isAdmin() ? "ADMIN" : "STAFF"), checkout.timeline(orderId));
    }

    /** API.md lists: {"items": [...], "next": "..."}. */
    public record QueueView(String locationId, Order.FulfilmentStatus fulfilment, List<OrderView> items, String next) {}

    @GET
    @Path("locations/{locationId}/orders")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    public QueueView queue(@PathParam("locationId") @Pattern(regexp = Ids.PATTERN) String locationId,
                           @QueryParam("fulfilment") @DefaultValue("READY_FOR_PICKUP") String fulfilmentParam,
                           @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit, @QueryParam("next") String next,
                           @Context UriInfo uri) {
        caller.requireStore(locationId);
        String scope = Cursors.scope(caller.id(), uri);
        Order.FulfilmentStatus fulfilment;
        try {
            fulfilment = Order.FulfilmentStatus.valueOf(fulfilmentParam);
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("fulfilment", "must be one of " + Arrays.toString(Order.FulfilmentStatus.values()));
        }
        var page = checkout.queue(locationId, fulfilment, limit, cursors.open(next, scope));
        return new QueueView(locationId, fulfilment, page.orders().stream().map(o -> OrderView.of(o, List.of())).toList(), cursors.seal(page.next(), scope));
    }

    /** A hold is paid for by whoever made it, staff of every store it holds stock in, or an admin. */
    private void mayPayFor(Reservation r) {
        if (caller.isAdmin() || caller.id().equals(r.owner())) return;
        if (caller.isStaff()) {
            r.lines().forEach(l -> caller.requireStore(l.locationId()));
            return;
        }
        throw Rejected.notFound("reservation", "reservationId", r.id());
    }

    /**
     * Cancelling gives back stock (and stops a reader): the creating channel, an admin, or staff of every store the
     * order holds stock in (a SHIP order may hold lines in several) and of the fulfilling store.
     */
    private void mayCancel(Order o) {
        if (caller.isAdmin() || caller.id().equals(o.createdBy())) return;
        if (!caller.isStaff()) throw Rejected.forbidden("only the channel that created order '" + o.id() + "', its stores' staff or an admin may cancel it");
        if (o.fulfilment().locationId() != null) caller.requireStore(o.fulfilment().locationId());
        o.lines().stream().map(Order.Line::locationId).filter(Objects::nonNull).distinct().forEach(caller::requireStore);
    }

    /** A channel sees the orders it created; staff and admin see all. Anyone else: it does not exist. */
    private Order visible(String orderId) {
        Order o = checkout.order(orderId);
        if (!caller.isAdmin() && !caller.isStaff() && !caller.id().equals(o.createdBy())) throw Rejected.notFound("order", "orderId", orderId);
        return o;
    }
}
