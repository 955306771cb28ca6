package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.platform.provider.StripeFailed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The payment provider (Stripe). Every create is idempotent on our own ids, so a retried or crashed checkout
 * never starts a second payment. Failures are {@link StripeFailed}.
 */
public interface PaymentGateway {
    record CardPayment(String paymentIntentId, String clientSecret) {}

    record LinkPayment(String checkoutSessionId, String url, Instant expiresAt) {}

    /** A PaymentIntent for the order, idempotent on {@code key} (the same key answers the same intent). */
    CardPayment startCard(Order order, String key);

    /** A card_present PaymentIntent for a store's reader. */
    String startTerminal(Order order, String key);

    /**
     * As {@link #startTerminal(Order, String)}, keeping the tapped card for {@code stripeCustomerId} (setup_future_usage
     * off_session): a sale that also starts the order's subscription.
     */
    default String startTerminal(Order order, String stripeCustomerId, String key) { return startTerminal(order, key); }

    LinkPayment startLink(Order order, Instant expiresAt, String key);

    /**
     * What Stripe made for this order since {@code since}, found by listing and matching our metadata: to settle a
     * create whose answer never came (and cannot be replayed: a 5xx, or a key older than Stripe keeps).
     */
    Optional<CardPayment> findPaymentIntent(String orderId, Instant since);

    Optional<LinkPayment> findCheckoutSession(String orderId, Instant since);

    record Refund(String stripeRefundId, RefundStatus status, long amount, String currency, Map<String, String> metadata) {}

    /** Refunds {@code amount} (all when null) of a PaymentIntent, idempotent on {@code idempotencyKey}. */
    Refund refund(String paymentIntentId, Long amount, String reason, String idempotencyKey, Map<String, String> metadata);

    /** The refunds of a PaymentIntent as Stripe has them (to read what a charge.refunded event does not carry). */
    List<Refund> refundsOf(String paymentIntentId);

    record PaymentIntentState(String id, IntentStatus status, long amountReceived, String currency, String orderId) {}

    /** Re-reads a PaymentIntent (when an event arrives before the one that told us it was paid). */
    PaymentIntentState paymentIntent(String paymentIntentId);

    /**
     * The fingerprint of the card that paid a PaymentIntent (its latest charge, online or tapped), if Stripe names one:
     * read back when a tap is to vouch for the customer.
     */
    Optional<String> cardFingerprint(String paymentIntentId);

    record SessionState(String id, String paymentIntentId, String paymentStatus) {}

    /** Re-reads one of our Checkout Sessions (which PaymentIntent paid a payment link). */
    SessionState checkoutSession(String checkoutSessionId);

    /** Stops a payment that has not succeeded (PaymentIntent cancelled, Checkout Session expired). */
    void stop(Order order);
}
