package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.Optional;

/**
 * The money Stripe moved, as the table records it: each PaymentIntent's payment, each Stripe refund and each Stripe
 * event applied at most once, and the transactions that apply them. A marker joins the transaction of its effect, so
 * the effect and "it happened" are written together or not at all; {@link MoneyTransactions} commits them, and a marker
 * already there is {@link AlreadyRecorded}.
 */
public interface PaymentLedger {
    /** The Stripe event that carried an effect; {@link #NONE} when it was learnt another way (our own answer, a read-back). */
    record Source(String eventId, String eventType) {
        public static final Source NONE = new Source(null, null);

        public boolean isEvent() { return eventId != null; }
    }

    /** How a PaymentIntent's money was booked. */
    enum Booking { PAID, NEEDS_ATTENTION, MISMATCH }

    record AppliedPayment(String paymentIntentId, String orderId, long amount, Booking booking) {}

    Optional<AppliedPayment> payment(String paymentIntentId);

    /** The PaymentIntent's money is booked (once per intent, whichever event carried it). */
    Writes paymentWrites(AppliedPayment payment);

    /** The Stripe refund is booked on its order (once per refund, whether our answer or a webhook told us). */
    Writes refundWrites(String stripeRefundId, String orderId, long amount);

    /** The event is processed (kept 30 days, longer than Stripe retries); nothing for {@link Source#NONE}. */
    Writes eventWrites(Source source);

}
