package dev.unifiedcommerce.order.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.http.CatalogViews.MoneyBody;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.customer.http.VerificationResource;
import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.SaleSubscriptions;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Request and answer bodies of the checkout and order routes (API.md "Checkout and orders"). */
public final class CheckoutViews {
    private CheckoutViews() {}

    /**
     * The shopper: a channel's verified shopper ({@code shopperRef}) or a customer it bound ({@code customerId}); a
     * customer staff looked up ({@code customerId}, with {@code verificationId} when the shopper proved who they are); or
     * contact details that identify or create a customer and unlock nothing.
     */
    public record CustomerBody(@Size(max = 40) String phone, @Size(max = 254) String email, @Size(max = 200) String name,
                               @Schema(description = "A channel: a customer one of its shoppers is "
                                       + "bound to (else 403). Staff: a customer they looked up; with verificationId their points, personal codes and "
                                       + "address on file may be used. Give it without phone or email.")
                               @Pattern(regexp = Ids.PATTERN) String customerId,
                               @Schema(description = "A channel's own id for its signed-in shopper, "
                                       + "bound to a customer by a confirmed verification (POST /customers/verifications): the order is theirs and may "
                                       + "use their points, personal codes and address on file.")
                               @Pattern(regexp = VerificationResource.SHOPPER_REF) String shopperRef,
                               @Schema(description = "A verification this caller started and the "
                                       + "shopper confirmed in the last 30 minutes: the shopper's proof at the till (the order's timeline records who "
                                       + "vouched and how).")
                               @Pattern(regexp = Ids.PATTERN) String verificationId,
                               @Schema(description = "At the till (TERMINAL), CARD: the shopper "
                                       + "proves who they are by tapping a card already linked to customerId. If the card tapped is not theirs, the "
                                       + "payment is refunded automatically and nothing of theirs is spent (the order NEEDS_ATTENTION).")
                               @Pattern(regexp = "CARD", message = "must be CARD") String proof) {
        public CustomerBody(String phone, String email, String name, String customerId) { this(phone, email, name, customerId, null, null, null); }

        /** Names the customer by id, shopper or proof rather than by typed contact details. */
        public boolean namesCustomer() { return customerId != null || shopperRef != null || verificationId != null || proof != null; }
    }

    public record LineBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Min(1) @Max(10_000) Integer quantity) {}

    public record FulfilmentBody(@NotNull Order.Fulfilment.Type type, @Pattern(regexp = Ids.PATTERN) String locationId) {}

    public record SendToBody(@Size(max = 40) String sms, @Size(max = 2048) String chatWebhookUrl) {}

    public record PaymentBody(@NotNull Order.PaymentMethod method, @Pattern(regexp = Ids.PATTERN) String readerId, @Valid SendToBody sendTo) {}

    public record CheckoutBody(@NotNull Order.Channel channel, @Valid CustomerBody customer,
                               @Size(max = 40) List<@NotNull @Valid LineBody> lines,
                               @Pattern(regexp = Ids.PATTERN) String reservationId,
                               @NotNull @Valid FulfilmentBody fulfilment, @NotNull @Valid PaymentBody payment,
                               @Schema(description = "A promotion code or personal coupon "
                                       + "(any case). Its discount is split over the lines by largest remainder; its use is spent with the order and "
                                       + "given back if the order expires or is cancelled unpaid.")
                               @Pattern(regexp = "[A-Za-z0-9-]{1,32}", message = "must be 1 to 32 letters, digits or dashes") String promotionCode,
                               @Schema(description = "Loyalty points to spend (a vouched "
                                       + "customer is required: customer.shopperRef, a bound customerId, or staff's customerId with verificationId): at most the balance and the configured share of the order; after "
                                       + "a promotion code. Each point is worth a fixed amount per currency (default 1 JPY, 1 US cent).")
                               @Min(1) @Max(100_000_000) Long redeemPoints,
                               @Schema(description = "At the till: the visit whose held items "
                                       + "the shopper buys (the lines bought; units the visit held move into the order's hold, others are held "
                                       + "with them; the rest of the visit's hold is released once paid, and the visit COMPLETED).")
                               @Pattern(regexp = Ids.PATTERN) String visitId,
                               @Schema(description = "Where a SHIP order goes; kept in a vouched "
                                       + "customer's addresses, so they never type it again (typed beside a phone or e-mail alone, it stays on the order).")
                               @Valid ShipToBody shipTo,
                               @Schema(description = "Ship to the vouched customer's last "
                                       + "address (a vouched customer required).")
                               Boolean shipToAddressOnFile,
                               @Schema(description = "At the till (TERMINAL, staff, a vouched "
                                       + "customer.customerId): the same tap also starts this subscription; the sale's PaymentIntent keeps the card "
                                       + "(setup_future_usage=off_session) and, once paid, the card Stripe generated from it pays every period.")
                               @Valid SubscribeBody subscribe) {}

    public record SubscribeLineBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Min(1) @Max(100) Integer quantity) {}

    /** What a till sale's tap also subscribes to: shipped to the customer's address on file from {@code fulfilmentLocationId}. */
    public record SubscribeBody(@NotNull @Size(min = 1, max = 20) List<@NotNull @Valid SubscribeLineBody> lines,
                                @NotNull Product.Interval interval,
                                @NotNull @Pattern(regexp = Ids.PATTERN) String fulfilmentLocationId, Boolean shipToAddressOnFile, Boolean consent) {
        public SaleSubscriptions.Asked toAsked() {
            if (!Boolean.TRUE.equals(consent)) {
                throw Rejected.unusable("subscribe.consent",
                        "confirm the customer agreed to be charged every period (consent: true)");
            }
            if (!Boolean.TRUE.equals(shipToAddressOnFile)) {
                throw Rejected.invalid("subscribe.shipToAddressOnFile", "must be true: at the till the address on file is used");
            }
            return new SaleSubscriptions.Asked(lines.stream().map(l -> Map.entry(l.sku(), l.quantity())).toList(),
                    interval.name(), fulfilmentLocationId);
        }
    }

    public record ShipToBody(@NotNull @Size(min = 1, max = 200) String name, @NotNull @Size(min = 1, max = 200) String line1,
                             @Size(max = 200) String line2, @NotNull @Size(min = 1, max = 100) String city,
                             @NotNull @Size(min = 1, max = 20) String postalCode,
                             @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
                             @Size(max = 40) String phone) {
        /** The address as kept: trimmed, its phone read in the address's own country (E.164). */
        public PostalAddress toAddress() {
            return new PostalAddress(name.strip(), line1.strip(), line2 == null ? null : line2.strip(), city.strip(),
                    postalCode.strip(), country, Contact.e164(phone, "shipTo.phone", country));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShipToView(String name, String line1, String line2, String city, String postalCode, String country, String phone) {
        public static ShipToView of(PostalAddress a) {
            return a == null ? null : new ShipToView(a.name(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country(), a.phone());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiscountView(Order.Discount.Type type, String code, Long points, MoneyBody amount) {
        static List<DiscountView> of(Order o) {
            return o.discounts().stream().map(d -> new DiscountView(d.type(), d.code(), d.type() == Order.Discount.Type.POINTS ? d.points() : null,
                    new MoneyBody(d.amount(), o.total().currency()))).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentView(Order.PaymentMethod method, String paymentIntentId, String clientSecret, String checkoutSessionId,
                              String url, String expiresAt, String readerId, String status) {
        static PaymentView of(Order.Payment p, boolean withSecret) {
            return new PaymentView(p.method(), p.paymentIntentId(), withSecret ? p.clientSecret() : null, p.checkoutSessionId(), p.url(),
                    p.expiresAt() == null ? null : p.expiresAt().toString(), p.readerId(),
                    p.method() == Order.PaymentMethod.TERMINAL && withSecret ? "IN_PROGRESS" : null);
        }
    }

    public record ReservationRef(String reservationId, String expiresAt) {}

    public record FulfilmentView(Order.Fulfilment.Type type, String locationId, Order.FulfilmentStatus status) {
        static FulfilmentView of(Order.Fulfilment f) { return new FulfilmentView(f.type(), f.locationId(), f.status()); }
    }

    /** How the payment link went out, per channel (sms, chat). */
    public record DeliveryView(String channel, boolean delivered, String detail) {
        static DeliveryView of(Messages.Outcome o) { return new DeliveryView(o.channel(), o.delivered(), o.detail()); }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CheckoutView(String orderId, Order.Status status, Order.Channel channel, MoneyBody subtotal, List<DiscountView> discounts,
                               MoneyBody total, String customerId,
                               FulfilmentView fulfilment, ReservationRef reservation, PaymentView payment, List<DeliveryView> delivery,
                               String subscriptionId) {
        public static CheckoutView of(Checkout.Placed p) {
            Order o = p.order();
            return new CheckoutView(o.id(), o.status(), o.channel(), MoneyBody.of(o.subtotal()), DiscountView.of(o), MoneyBody.of(o.total()),
                    o.customerId(), FulfilmentView.of(o.fulfilment()),
                    new ReservationRef(o.reservationId(), p.holdExpiresAt().toString()), PaymentView.of(o.payment(), true), p.deliveries().stream().map(DeliveryView::of).toList(),
                    o.subscriptionId());
        }

        /** The same answer with the customer's id as the caller may see it (a channel: only a customer it bound). */
        public CheckoutView withCustomerId(String shown) {
            return new CheckoutView(orderId, status, channel, subtotal, discounts, total, shown, fulfilment, reservation, payment, delivery,
                    subscriptionId);
        }
    }

    /** {@code discount}: the line's share of the order's discounts (what a refund of the whole line keeps back). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineView(String sku, String name, int quantity, MoneyBody unitPrice, String locationId, MoneyBody discount) {}

    public record TimelineView(String at, String type, String channel, String detail) {
        static TimelineView of(TimelineEntry e) { return new TimelineView(e.at().toString(), e.type().name(), e.channel(), e.detail()); }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderView(String orderId, Order.Status status, Order.Channel channel, FulfilmentView fulfilment, List<LineView> lines,
                            MoneyBody subtotal, List<DiscountView> discounts, MoneyBody total, MoneyBody refunded, ShipToView shipTo, String customerId, String reservationId, PaymentView payment,
                            String createdAt, List<TimelineView> timeline, String subscriptionId) {
        public static OrderView of(Order o, List<TimelineEntry> timeline) {
            return new OrderView(o.id(), o.status(), o.channel(), FulfilmentView.of(o.fulfilment()),
                    o.lines().stream().map(l -> new LineView(l.sku(), l.name(), l.quantity(), new MoneyBody(l.unitAmount(), o.total().currency()), l.locationId(),
                            l.discount() == 0 ? null : new MoneyBody(l.discount(), o.total().currency()))).toList(),
                    MoneyBody.of(o.subtotal()), DiscountView.of(o), MoneyBody.of(o.total()),
                    new MoneyBody(o.refunded(), o.total().currency()), ShipToView.of(o.shipTo()), o.customerId(), o.reservationId(),
                    PaymentView.of(o.payment(), false), o.createdAt().toString(), timeline.stream().map(TimelineView::of).toList(), o.subscriptionId());
        }

        /** The same view with the customer's id as the caller may see it (a channel: only a customer it bound). */
        public OrderView withCustomerId(String shown) {
            return new OrderView(orderId, status, channel, fulfilment, lines, subtotal, discounts, total, refunded, shipTo, shown, reservationId, payment,
                    createdAt, timeline, subscriptionId);
        }
    }

    public record StoredAnswer(String orderId) {}
}
