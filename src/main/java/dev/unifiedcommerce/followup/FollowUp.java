package dev.unifiedcommerce.followup;

import java.time.Instant;
import java.util.Map;

/**
 * Something owed to the outside world that a transaction decided (a refund at Stripe, a cancelled intent, an expired
 * payment link, a message to the shopper): written in that same transaction, so it survives any crash after it, and
 * performed until the other side confirms. {@code id} is derived from what it is about, so deciding it again is the
 * same follow-up. {@code data} holds what the performer needs (our ids, Stripe's ids, the idempotency key in use).
 */
public record FollowUp(String id, Kind kind, Map<String, String> data, Instant createdAt, Instant dueAt, int attempts, String lastError) {
    public enum Kind {
        /** A refund booked on an order and not yet confirmed by Stripe. */
        SETTLE_REFUND,
        /** Money to give back that never became an order's (a mismatched payment, a payment after the stock was sold). */
        AUTOMATIC_REFUND,
        /** A checkout whose PaymentIntent or Checkout Session creation got no clear answer. */
        START_PAYMENT,
        /** A till sale handed to a reader without a clear answer. */
        READER_ACTION,
        /** An order that ended unpaid: its PaymentIntent cancelled or its Checkout Session expired at Stripe. */
        STOP_PAYMENT,
        /** A payment link to send by SMS or chat. */
        SEND_LINK,
        /** A visit's reminder to the shopper, by SMS or chat, some hours before it. */
        VISIT_REMINDER,
        /** A subscription's card setup handed to a store's reader without a clear answer. */
        TILL_READER
    }

    public FollowUp {
        data = Map.copyOf(data);
    }

    public String get(String key) { return data.get(key); }

    public static FollowUp owed(Kind kind, String subject, Map<String, String> data, Instant now, Instant dueAt) {
        return new FollowUp(kind.name().toLowerCase().replace('_', '-') + "-" + subject, kind, data, now, dueAt, 0, null);
    }
}
