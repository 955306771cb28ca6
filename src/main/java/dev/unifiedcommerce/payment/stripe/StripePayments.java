package dev.unifiedcommerce.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CouponCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentRetrieveParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionExpireParams;
import com.stripe.param.checkout.SessionListParams;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.payment.IntentStatus;
import dev.unifiedcommerce.payment.PaymentGateway;
import dev.unifiedcommerce.payment.RefundStatus;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.platform.stripe.StripeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payments through stripe-java. Every create carries an idempotency key made of our own order id, so a retried
 * request, a Lambda retry or a client retry after a crash gets the same PaymentIntent or Checkout Session back.
 */
@ApplicationScoped
public class StripePayments implements PaymentGateway {
    private static final Logger LOG = Logger.getLogger(StripePayments.class);

    private final StripeApi stripe;
    private final StripeConfig config;

    public StripePayments(StripeApi stripe, StripeConfig config) {
        this.stripe = stripe;
        this.config = config;
    }

    private StripeClient client() { return stripe.client(); }

    private static RequestOptions idempotent(String key) { return StripeApi.idempotent(key); }

    private <T> T call(String what, StripeApi.StripeCall<T> call) { return stripe.call(what, call); }

    private <T> T write(String what, StripeApi.StripeCall<T> call) { return stripe.write(what, call); }

    @Override
    public CardPayment startCard(Order order, String key) {
        var params = PaymentIntentCreateParams.builder()
                .setAmount(order.total().amount()).setCurrency(order.total().currency())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
                .setDescription("Order " + order.id())
                .putMetadata("orderId", order.id()).putMetadata("reservationId", order.reservationId())
                .putMetadata("channel", order.channel().name())
                .setShipping(shipping(order))
                .build();
        PaymentIntent pi = write("create PaymentIntent", () -> client().v1().paymentIntents().create(params, idempotent(key)));
        return new CardPayment(pi.getId(), pi.getClientSecret());
    }

    /** Where a SHIP order goes, for Stripe's fraud checks and receipts (null: not shipped, or no address given). */
    private static PaymentIntentCreateParams.Shipping shipping(Order order) {
        var a = order.shipTo();
        if (a == null) return null;
        var address = PaymentIntentCreateParams.Shipping.Address.builder().setLine1(a.line1()).setCity(a.city()).setPostalCode(a.postalCode())
                .setCountry(a.country());
        if (a.line2() != null) address.setLine2(a.line2());
        var b = PaymentIntentCreateParams.Shipping.builder().setName(a.name()).setAddress(address.build());
        if (a.phone() != null) b.setPhone(a.phone());
        return b.build();
    }

    @Override
    public String startTerminal(Order order, String key) { return startTerminal(order, null, key); }

    @Override
    public String startTerminal(Order order, String stripeCustomerId, String key) {
        var b = PaymentIntentCreateParams.builder()
                .setAmount(order.total().amount()).setCurrency(order.total().currency())
                .addPaymentMethodType("card_present").setCaptureMethod(PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
                .setDescription("Order " + order.id())
                .putMetadata("orderId", order.id()).putMetadata("reservationId", order.reservationId())
                .putMetadata("channel", order.channel().name()).putMetadata("readerId", order.payment().readerId());
        if (stripeCustomerId != null) {
            // the tap also starts a subscription: Stripe generates a reusable card from it, attached to this customer
            b.setCustomer(stripeCustomerId).setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION)
                    .putMetadata("subscriptionId", order.subscriptionId());
        }
        var params = b.build();
        return write("create card_present PaymentIntent", () -> client().v1().paymentIntents().create(params, idempotent(key))).getId();
    }

    @Override
    public LinkPayment startLink(Order order, Instant expiresAt, String key) {
        var b = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setExpiresAt(expiresAt.getEpochSecond())
                .setClientReferenceId(order.id())
                .setSuccessUrl(config.linkSuccessUrl()).setCancelUrl(config.linkCancelUrl())
                .putMetadata("orderId", order.id())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("orderId", order.id()).putMetadata("reservationId", order.reservationId())
                        .putMetadata("channel", order.channel().name()).build());
        for (Order.Line l : order.lines()) {
            b.addLineItem(SessionCreateParams.LineItem.builder().setQuantity((long) l.quantity())
                    .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency(order.total().currency())
                            .setUnitAmount(l.unitAmount())
                            .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(l.name()).build())
                            .build())
                    .build());
        }
        long discount = order.subtotal().amount() - order.total().amount();
        if (discount > 0) b.addDiscount(SessionCreateParams.Discount.builder().setCoupon(coupon(order, discount, expiresAt, key)).build());
        SessionCreateParams params = b.build();
        Session s = write("create Checkout Session", () -> client().v1().checkout().sessions().create(params, idempotent(key)));
        return new LinkPayment(s.getId(), s.getUrl(), Instant.ofEpochSecond(s.getExpiresAt()));
    }

    /**
     * The order's discounts as one coupon the shopper sees on Stripe's page: the whole amount off, once, for this
     * session only (one redemption, redeemable until the session expires). Keyed from the session's own key, so a retry
     * of an unclear answer gets the same coupon back rather than a second one.
     */
    private String coupon(Order order, long amountOff, Instant redeemBy, String sessionKey) {
        String codes = String.join(", ", order.discounts().stream()
                .map(d -> d.type() == Order.Discount.Type.POINTS ? d.points() + " points" : d.code()).toList());
        var params = CouponCreateParams.builder().setAmountOff(amountOff).setCurrency(order.total().currency())
                .setDuration(CouponCreateParams.Duration.ONCE).setMaxRedemptions(1L).setRedeemBy(redeemBy.getEpochSecond())
                .setName(codes.isEmpty() ? "Discount" : codes.length() > 40 ? codes.substring(0, 40) : codes) // Stripe shows the name; at most 40 characters
                .putMetadata("orderId", order.id())
                .build();
        return write("create Coupon", () -> client().v1().coupons().create(params, idempotent(sessionKey + "-coupon"))).getId();
    }

    /** A payment object is made while its hold lasts (at most 23 hours): the listing looks no further past the order. */
    private static final Duration WINDOW = Duration.ofHours(24);

    @Override
    public Optional<CardPayment> findPaymentIntent(String orderId, Instant since) {
        var params = PaymentIntentListParams.builder().setLimit(100L)
                .setCreated(PaymentIntentListParams.Created.builder().setGte(since.getEpochSecond())
                        .setLte(since.plus(WINDOW).getEpochSecond()).build()).build();
        for (PaymentIntent pi : call("list PaymentIntents", () -> client().v1().paymentIntents().list(params)).autoPagingIterable()) {
            if (pi.getMetadata() != null && orderId.equals(pi.getMetadata().get("orderId"))) {
                return Optional.of(new CardPayment(pi.getId(), pi.getClientSecret()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<LinkPayment> findCheckoutSession(String orderId, Instant since) {
        var params = SessionListParams.builder().setLimit(100L)
                .setCreated(SessionListParams.Created.builder().setGte(since.getEpochSecond())
                        .setLte(since.plus(WINDOW).getEpochSecond()).build()).build();
        for (Session s : call("list Checkout Sessions", () -> client().v1().checkout().sessions().list(params)).autoPagingIterable()) {
            if (orderId.equals(s.getClientReferenceId()) || (s.getMetadata() != null && orderId.equals(s.getMetadata().get("orderId")))) {
                return Optional.of(new LinkPayment(s.getId(), s.getUrl(), Instant.ofEpochSecond(s.getExpiresAt())));
            }
        }
        return Optional.empty();
    }

    @Override
    public Refund refund(String paymentIntentId, Long amount, String reason, String idempotencyKey, Map<String, String> metadata) {
        var b = RefundCreateParams.builder().setPaymentIntent(paymentIntentId).putAllMetadata(metadata);
        if (amount != null) b.setAmount(amount);
        if (reason != null) b.setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER);
        var params = b.build();
        // qualified: PaymentGateway.Refund is ours
        com.stripe.model.Refund r = write("create Refund", () -> client().v1().refunds().create(params, idempotent(idempotencyKey)));
        return new Refund(r.getId(), RefundStatus.of(r.getStatus()), r.getAmount(), r.getCurrency(), r.getMetadata());
    }

    @Override
    public List<Refund> refundsOf(String paymentIntentId) {
        var params = RefundListParams.builder().setPaymentIntent(paymentIntentId).setLimit(100L).build();
        var out = new ArrayList<Refund>();
        for (var r : call("list Refunds", () -> client().v1().refunds().list(params)).autoPagingIterable()) {
            out.add(new Refund(r.getId(), RefundStatus.of(r.getStatus()), r.getAmount(), r.getCurrency(), r.getMetadata()));
        }
        return out;
    }

    @Override
    public PaymentIntentState paymentIntent(String paymentIntentId) {
        PaymentIntent pi = call("read PaymentIntent", () -> client().v1().paymentIntents().retrieve(paymentIntentId));
        return new PaymentIntentState(pi.getId(), IntentStatus.of(pi.getStatus()), pi.getAmountReceived() == null ? 0 : pi.getAmountReceived(), pi.getCurrency(),
                pi.getMetadata() == null ? null : pi.getMetadata().get("orderId"));
    }

    @Override
    public Optional<String> cardFingerprint(String paymentIntentId) {
        var params = PaymentIntentRetrieveParams.builder().addExpand("latest_charge").build();
        PaymentIntent pi = call("read PaymentIntent's card", () -> client().v1().paymentIntents().retrieve(paymentIntentId, params));
        Charge charge = pi.getLatestChargeObject();
        if (charge == null || charge.getPaymentMethodDetails() == null) return Optional.empty();
        var details = charge.getPaymentMethodDetails();
        if (details.getCardPresent() != null) return Optional.ofNullable(details.getCardPresent().getFingerprint());
        return details.getCard() == null ? Optional.empty() : Optional.ofNullable(details.getCard().getFingerprint());
    }

    @Override
    public SessionState checkoutSession(String checkoutSessionId) {
        Session s = call("read Checkout Session", () -> client().v1().checkout().sessions().retrieve(checkoutSessionId));
        return new SessionState(s.getId(), s.getPaymentIntent(), s.getPaymentStatus());
    }

    @Override
    public void stop(Order order) {
        Order.Payment p = order.payment();
        try {
            if (p.checkoutSessionId() != null) {
                write("expire Checkout Session", () -> client().v1().checkout().sessions().expire(p.checkoutSessionId(),
                        SessionExpireParams.builder().build(), idempotent("uc-" + order.id() + "-expire")));
            } else if (p.paymentIntentId() != null) {
                write("cancel PaymentIntent", () -> client().v1().paymentIntents().cancel(p.paymentIntentId(),
                        PaymentIntentCancelParams.builder().setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build(),
                        idempotent("uc-" + order.id() + "-cancel")));
            }
        } catch (StripeFailed e) {
            if (e.getCause() instanceof InvalidRequestException) return; // already cancelled, expired or paid: nothing to stop
            throw e;
        }
    }

}
