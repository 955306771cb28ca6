package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.subscription.Invoice;

import java.time.Instant;
import java.util.List;

/**
 * A verified Stripe event, read into what it tells us (payment/stripe/EventReader reads both older and newer API
 * shapes). Only the facts the shop acts on are kept; anything else is {@link Other}. Ids are Stripe's.
 */
public sealed interface StripeEvent {
    String id();

    String type();

    /** payment_intent.succeeded: money received on an intent. {@code orderId} is what its metadata claims. */
    record PaymentSucceeded(String id, String type, String paymentIntentId, String orderId, Money received) implements StripeEvent {}

    /** checkout.session.completed / async_payment_succeeded: a payment link's session, {@code paid} when its money is in. */
    record SessionPaid(String id, String type, String checkoutSessionId, String orderId, String paymentIntentId, Money total,
                       boolean paid) implements StripeEvent {}

    record SessionExpired(String id, String type, String checkoutSessionId, String orderId) implements StripeEvent {}

    record PaymentFailed(String id, String type, String paymentIntentId, String orderId, String message) implements StripeEvent {}

    record PaymentCanceled(String id, String type, String paymentIntentId, String orderId) implements StripeEvent {}

    /** refund.created / refund.updated. */
    record RefundChanged(String id, String type, RefundReport refund) implements StripeEvent {}

    /**
     * charge.succeeded: the card behind a payment (its fingerprint, online or card_present). {@code generatedCard}: the
     * reusable card Stripe made from a tapped one kept for later (setup_future_usage); {@code subscriptionId}/{@code orderId}:
     * from the metadata our PaymentIntent gave its charge (a till sale that also starts a subscription).
     */
    record ChargeSucceeded(String id, String type, String paymentIntentId, String cardFingerprint, String generatedCard, String subscriptionId,
                           String orderId) implements StripeEvent {}

    /** charge.refunded: older API versions embed the refunds ({@code refunds} non-null), newer ones do not. */
    record ChargeRefunded(String id, String type, String paymentIntentId, List<RefundReport> refunds) implements StripeEvent {}

    /** terminal.reader.action_succeeded / action_failed for a process_payment_intent action. */
    record ReaderActionFinished(String id, String type, String readerId, String paymentIntentId, boolean succeeded,
                                String failureMessage) implements StripeEvent {}

    /** terminal.reader.action_succeeded / action_failed for a process_setup_intent action (a card saved at the till). */
    record ReaderSetupFinished(String id, String type, String readerId, String setupIntentId, boolean succeeded,
                               String failureMessage, long created) implements StripeEvent {}

    /** setup_intent.succeeded: a card saved; {@code subscriptionId} from its metadata. */
    record SetupSucceeded(String id, String type, String setupIntentId, String subscriptionId) implements StripeEvent {}

    /** invoice.paid / invoice.payment_succeeded: a subscription's invoice paid (a delivery is due). */
    record InvoicePaid(String id, String type, Invoice invoice) implements StripeEvent {}

    /** invoice.payment_failed: an attempt to collect a subscription's invoice failed ({@code nextAttempt}: when Stripe tries again, or null). */
    record InvoiceFailed(String id, String type, Invoice invoice, Instant nextAttempt) implements StripeEvent {}

    /**
     * customer.subscription.* (and a subscription-mode Checkout Session completed): Stripe's subscription changed; what it
     * is now is read back from Stripe.
     */
    record SubscriptionChanged(String id, String type, String stripeSubscriptionId) implements StripeEvent {}

    /** checkout.session.expired for a subscription-mode session: the shopper never subscribed through the link. */
    record SubscriptionLinkExpired(String id, String type, String checkoutSessionId, String subscriptionId) implements StripeEvent {}

    record Other(String id, String type) implements StripeEvent {}

    /** One Stripe refund; {@code refundId}/{@code orderId} from its metadata when this system asked for it. */
    record RefundReport(String stripeRefundId, RefundStatus status, long amount, String currency, String paymentIntentId,
                        String refundId, String orderId) {}
}
