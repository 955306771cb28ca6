package dev.unifiedcommerce.subscription.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PhoneRegions;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.customer.http.CustomerAccess;
import dev.unifiedcommerce.messaging.ChatUrls;
import dev.unifiedcommerce.messaging.NotifyConfig;
import dev.unifiedcommerce.messaging.SmsPolicy;
import dev.unifiedcommerce.order.http.CheckoutViews;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.auth.Roles;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.platform.pagination.Cursors;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.subscription.Subscription;
import dev.unifiedcommerce.subscription.Subscriptions;
import dev.unifiedcommerce.subscription.TillSubscriptions;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.ReaderStore;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** Subscriptions with home delivery, started by a channel or staff (Checkout function). */
@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionResource {
    static final String ROUTE = "POST /subscriptions";

    public record LineBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Min(1) @Max(100) Integer quantity) {}

    /** LINK: {@code sendTo} (an SMS number and/or a chat conversation's webhook) receives the subscription's page. */
    /**
     * TERMINAL: {@code readerId}, the store's reader the customer taps, and {@code consent}: staff confirm the customer agreed
     * to be charged every period (required).
     */
    public record PaymentBody(@NotNull Subscription.Method method, @Valid CheckoutViews.SendToBody sendTo, @Pattern(regexp = Ids.PATTERN) String readerId,
                              Boolean consent) {}

    public record StartBody(@Pattern(regexp = Ids.PATTERN) String customerId, @Valid CheckoutViews.CustomerBody customer,
                            @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid LineBody> lines, @NotNull Product.Interval interval,
                            @Valid CheckoutViews.ShipToBody shipTo, Boolean shipToAddressOnFile,
                            @NotNull @Pattern(regexp = Ids.PATTERN) String fulfilmentLocationId, @NotNull @Valid PaymentBody payment) {}

    /** {@code clientSecret}: CARD, until the first invoice is paid; {@code url}: LINK, the Checkout Session sent to the shopper. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentView(Subscription.Method method, String clientSecret, String checkoutSessionId, String url, String readerId,
                              String setupIntentId) {}

    public record LineView(String sku, String name, int quantity, MoneyBody unitPrice) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(String subscriptionId, Subscription.Status status, String customerId, String stripeSubscriptionId,
                                   List<LineView> lines, Product.Interval interval, MoneyBody amountPerDelivery, CheckoutViews.ShipToView shipTo,
                                   String fulfilmentLocationId, PaymentView payment, long deliveries, String lastOrderId, String problem,
                                   boolean cancelAtPeriodEnd, String createdAt) {
        public static SubscriptionView of(Subscription s, boolean withSecret) {
            var b = s.billing();
            boolean unpaid = s.status() == Subscription.Status.INCOMPLETE || s.status() == Subscription.Status.PENDING;
            return of(s, withSecret, s.customerId());
        }

        /** {@code customerId}: as the caller may see it (a channel: only a customer it bound). */
        public static SubscriptionView of(Subscription s, boolean withSecret, String customerId) {
            var b = s.billing();
            boolean unpaid = s.status() == Subscription.Status.INCOMPLETE || s.status() == Subscription.Status.PENDING;
            return new SubscriptionView(s.id(), s.status(), customerId, s.stripeSubscriptionId(),
                    s.lines().stream().map(l -> new LineView(l.sku(), l.name(), l.quantity(), new MoneyBody(l.unitAmount(), s.currency()))).toList(),
                    s.interval(), new MoneyBody(s.amountPerDelivery(), s.currency()), CheckoutViews.ShipToView.of(s.shipTo()), s.fulfilmentLocationId(),
                    new PaymentView(s.method(), withSecret && unpaid ? s.clientSecret() : null, b.checkoutSessionId(), unpaid ? b.url() : null,
                            s.till() == null ? null : s.till().readerId(), s.till() == null ? null : s.till().setupIntentId()),
                    b.deliveries(), b.lastOrderId(), b.problem(), b.cancelAtPeriodEnd(), s.createdAt().toString());
        }
    }

    public record StoredSubscription(String subscriptionId) {}

    private final Subscriptions subscriptions;
    private final Caller caller;
    private final Idempotency idempotency;
    private final ObjectMapper json;
    private final PhoneRegions regions;
    private final SmsPolicy smsPolicy;
    private final NotifyConfig notify;
    private final ReaderStore readers;
    private final TillSubscriptions till;
    private final Cursors cursors;
    @Inject CustomerAccess access;

    public SubscriptionResource(Subscriptions subscriptions, Caller caller, Idempotency idempotency, ObjectMapper json, PhoneRegions regions,
                                SmsPolicy smsPolicy, NotifyConfig notify,
                                ReaderStore readers, TillSubscriptions till,
                                Cursors cursors) {
        this.cursors = cursors;
        this.readers = readers;
        this.till = till;
        this.smsPolicy = smsPolicy;
        this.notify = notify;
        this.subscriptions = subscriptions;
        this.caller = caller;
        this.idempotency = idempotency;
        this.json = json;
        this.regions = regions;
    }

    @POST
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @APIResponse(responseCode = "201", description = "The subscription, INCOMPLETE until the "
            + "shopper confirms the first invoice with payment.clientSecret (CARD) or subscribes on the page at payment.url (LINK, sent to "
            + "payment.sendTo); Stripe bills every interval after that, and each paid invoice is a delivery (an order of channel SUBSCRIPTION).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.class)))
    @APIResponse(responseCode = "422", description = "A SKU not sold by subscription "
            + "(lines[i].sku) or not at that interval, an unknown location or customer; shipToAddressOnFile without a vouched customerId or address.")
    @APIResponse(responseCode = "503", description = "Stripe did not confirm: retry with "
            + "the same Idempotency-Key (the same Stripe objects).")
    public Response start(@HeaderParam(Idempotency.HEADER) String idempotencyKey, @NotNull @Valid StartBody b) {
        Supplier<String> region = () -> regions.of(b.fulfilmentLocationId(), caller.isStaff() ? caller.stores() : Set.of());
        var c = b.customer();
        if (b.customerId() != null && c != null && c.namesCustomer()) throw Rejected.invalid("customerId", "give customerId or customer, not both");
        if (c != null && c.namesCustomer() && (c.phone() != null || c.email() != null)) {
            throw Rejected.invalid("customer.customerId", "names the customer alone: give either it or phone/email");
        }
        if (c != null && c.proof() != null) throw Rejected.invalid("customer.proof", "is for a sale at the till (a TERMINAL checkout)");
        // who the subscription is for, and whether the caller may use what they own: before every other rule
        var named = b.customerId() != null ? access.named(b.customerId(), null, null, "")
                : c == null ? CustomerAccess.Named.NONE
                : access.named(c.customerId(), c.shopperRef(), c.verificationId(), "customer");
        String customerId = named.customerId();
        Contact contact = null;
        if (customerId == null) {
            if (b.customer() == null) throw Rejected.invalid("customer", "give customerId or the customer's phone/e-mail");
            contact = new Contact(Contact.e164(b.customer().phone(), "customer.phone", region), Contact.email(b.customer().email(), "customer.email"), b.customer().name());
            if (contact.isEmpty()) throw Rejected.invalid("customer", "give a phone, an e-mail or a customerId");
        }
        boolean onFile = Boolean.TRUE.equals(b.shipToAddressOnFile());
        if (b.shipTo() != null && onFile) throw Rejected.invalid("shipTo", "give either shipTo or shipToAddressOnFile");
        PostalAddress shipTo = b.shipTo() == null ? null : b.shipTo().toAddress();
        var p = b.payment();
        if (p.sendTo() != null && p.method() != Subscription.Method.LINK) throw Rejected.invalid("payment.sendTo", "is only for LINK payments");
        if (p.method() == Subscription.Method.TERMINAL) atTheTill(p);
        else if (p.readerId() != null) throw Rejected.invalid("payment.readerId", "is only for TERMINAL payments");
        String sms = p.sendTo() == null ? null : Contact.e164(p.sendTo().sms(), "payment.sendTo.sms", region);
        if (sms != null) smsPolicy.requireAllowedCountry(sms, "payment.sendTo.sms");
        String chat = p.sendTo() == null || p.sendTo().chatWebhookUrl() == null ? null
                : ChatUrls.check(p.sendTo().chatWebhookUrl(), notify.allowPrivateChatUrls()).toString();
        var request = new Subscriptions.Request(customerId, contact, b.lines().stream().map(l -> Map.entry(l.sku(), l.quantity())).toList(), b.interval(),
                shipTo, onFile, b.fulfilmentLocationId(), p.method(), sms, chat, p.readerId(), named.vouchedId() != null);
        try {
            Function<Idempotency.Completion, Object> work = completion -> {
                // an SMS costs money: counted before anything is made (a replay of the key does not count again)
                if (sms != null) smsPolicy.consume(sms, caller.id(), "payment.sendTo.sms");
                // a busy reader refuses a new subscription; a retry of one whose reader answered unclearly replays it instead
                if (p.readerId() != null && readers.reader(p.readerId()).map(Reader::busy).orElse(false)) {
                    throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + p.readerId() + "' is taking another payment");
                }
                return view(subscriptions.start(caller.id(), request, id -> completion.record(201, new StoredSubscription(id))), true);
            };
            Function<String, Response> replay = stored ->
                    Response.status(201).entity(view(subscriptions.resumeStart(read(stored).subscriptionId()), true)).build();
            // as at checkout: with an SMS to count, the key is claimed first, so a replay never counts it again
            return sms == null ? idempotency.executeInOneTransaction(caller.id(), ROUTE, idempotencyKey, b, 201, work, replay)
                    : idempotency.execute(caller.id(), ROUTE, idempotencyKey, b, 201, work, replay);
        } catch (StripeFailed e) {
            // recorded before Stripe was asked: a retry with the same Idempotency-Key starts it with the same keys
            if (e.definite()) throw e;
            throw new Rejected(Rejected.Kind.UNAVAILABLE, "subscription-not-confirmed", "Payment provider did not confirm", "Stripe did not confirm the subscription ("
                    + e.getMessage() + "); retry with the same Idempotency-Key", null, null, 2);
        }
    }

    public record SubscriptionList(Subscription.Status status, List<SubscriptionView> items, String next) {}

    @GET
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    @Operation(summary = "Subscriptions in one status, oldest first: PAST_DUE ones (a renewal's "
            + "payment failed, with why) for staff to call; staff see those shipped from or started at their stores")
    public SubscriptionList list(@QueryParam("status") @DefaultValue("PAST_DUE") String statusParam,
                                 @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit,
                                 @QueryParam("next") String next, @Context UriInfo uri) {
        Subscription.Status status;
        try {
            status = Subscription.Status.valueOf(statusParam);
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("status", "must be one of " + Arrays.toString(Subscription.Status.values()));
        }
        String scope = Cursors.scope(caller.id(), uri);
        var page = subscriptions.withStatus(status, limit, cursors.open(next, scope));
        var items = page.subscriptions().stream().filter(s -> caller.isAdmin() || caller.stores().contains(s.fulfilmentLocationId())
                || (s.till() != null && readers.reader(s.till().readerId()).map(r -> caller.stores().contains(r.locationId())).orElse(false)))
                .map(s -> view(s, false)).toList();
        return new SubscriptionList(status, items, cursors.seal(page.next(), scope));
    }

    @GET
    @Path("{subscriptionId}")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    public SubscriptionView get(@PathParam("subscriptionId") @Pattern(regexp = Ids.PATTERN) String id) {
        Subscription s = subscriptions.get(id);
        if (caller.isChannel() && !caller.id().equals(s.createdBy())) throw Rejected.notFound("subscription", "subscriptionId", id);
        return view(s, caller.isChannel());
    }

    public record CancelBody(Boolean immediately) {}

    @POST
    @Path("{subscriptionId}/pause")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @Operation(summary = "Pause: no charge and no delivery until resumed (Stripe pause_collection void)")
    @APIResponse(responseCode = "409", description = "Not active (not paid yet, or cancelled).")
    public SubscriptionView pause(@PathParam("subscriptionId") @Pattern(regexp = Ids.PATTERN) String id) {
        mayChange(id);
        return view(subscriptions.pause(id), false);
    }

    @POST
    @Path("{subscriptionId}/resume")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @Operation(summary = "Resume a paused subscription: billed and delivered again from the next period")
    public SubscriptionView resume(@PathParam("subscriptionId") @Pattern(regexp = Ids.PATTERN) String id) {
        mayChange(id);
        return view(subscriptions.resume(id), false);
    }

    @POST
    @Path("{subscriptionId}/cancel")
    @RolesAllowed({Roles.CHANNEL, Roles.STAFF, Roles.ADMIN})
    @Operation(summary = "Cancel at the end of the period paid for (cancelAtPeriodEnd), or now with {\"immediately\": true}")
    public SubscriptionView cancel(@PathParam("subscriptionId") @Pattern(regexp = Ids.PATTERN) String id, CancelBody body) {
        mayChange(id);
        return view(subscriptions.cancel(id, body != null && Boolean.TRUE.equals(body.immediately())), false);
    }

    /**
     * A subscription on a reader is started by the staff of the reader's store (or an admin), with the customer's consent
     * to be charged every period; a channel has no reader.
     */
    private void atTheTill(PaymentBody p) {
        if (!caller.isStaff() && !caller.isAdmin()) throw Rejected.forbidden("only staff start a subscription on a store's reader");
        if (p.readerId() == null) throw Rejected.invalid("payment.readerId", "is required for TERMINAL");
        var reader = readers.reader(p.readerId()).orElseThrow(() -> Rejected.unusable("payment.readerId", "unknown reader '" + p.readerId() + "'"));
        caller.requireStore(reader.locationId());
        if (!Boolean.TRUE.equals(p.consent())) {
            throw Rejected.unusable("payment.consent", "confirm the customer agreed to be charged every period (consent: true)");
        }
    }

    public record ReaderBody(@NotNull @Pattern(regexp = Ids.PATTERN) String readerId) {}

    @POST
    @Path("{subscriptionId}/reader")
    @RolesAllowed({Roles.STAFF, Roles.ADMIN})
    @Operation(summary = "Hand a till subscription's card setup to the store's reader again "
            + "(after the reader failed or was cancelled)")
    @APIResponse(responseCode = "409", description = "The reader is busy, or the card is "
            + "already saved, or the subscription was not started on a reader.")
    public SubscriptionView retryOnReader(@PathParam("subscriptionId") @Pattern(regexp = Ids.PATTERN) String id, @NotNull @Valid ReaderBody body) {
        mayChange(id);
        var reader = readers.reader(body.readerId()).orElseThrow(() -> Rejected.unusable("readerId", "unknown reader '" + body.readerId() + "'"));
        caller.requireStore(reader.locationId());
        // the card is saved at the store that started it: a reader elsewhere would make a stranger's tap this customer's card
        Subscription s = subscriptions.get(id);
        String startedAt = s.till() == null ? null : readers.reader(s.till().readerId()).map(Reader::locationId).orElse(null);
        if (startedAt != null && !startedAt.equals(reader.locationId())) {
            throw Rejected.unusable("readerId", "reader '" + body.readerId() + "' is not at the store where this subscription was started");
        }
        return view(till.retry(id, body.readerId()), false);
    }

    /**
     * The channel that started it, staff of its warehouse or of the store whose till started it, and admins change it;
     * another channel: it does not exist.
     */
    private void mayChange(String id) {
        Subscription s = subscriptions.get(id);
        if (caller.isAdmin()) return;
        if (caller.isChannel() && !caller.id().equals(s.createdBy())) throw Rejected.notFound("subscription", "subscriptionId", id);
        if (caller.isStaff()) {
            String till = s.till() == null ? null : readers.reader(s.till().readerId()).map(Reader::locationId).orElse(null);
            if (!caller.stores().contains(s.fulfilmentLocationId()) && (till == null || !caller.stores().contains(till))) caller.requireStore(s.fulfilmentLocationId());
        }
    }

    private StoredSubscription read(String stored) {
        try {
            return json.readValue(stored, StoredSubscription.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SubscriptionView view(Subscription s, boolean withSecret) { return SubscriptionView.of(s, withSecret, access.visible(s.customerId())); }
}
