package dev.unifiedcommerce.order;

import java.time.Instant;

/** One thing that happened to an order, in the order's timeline. */
public record TimelineEntry(Instant at, Type type, String channel, String detail) {
    /** What can happen to an order, as its timeline names it (stored and shown by name). */
    public enum Type {
        ORDER_PLACED, CUSTOMER_LINKED,
        PAYMENT_STARTED, PAYMENT_NOT_STARTED, PAYMENT_FOLLOW_UP, PAYMENT_FAILED, PAYMENT_STOP_FAILED, PAYMENT_ISSUE, PAYMENT_ISSUE_RESOLVED,
        LINK_SENT, LINK_DELIVERY_FAILED, READER_PAYMENT_SUCCEEDED, READER_PAYMENT_FAILED, READER_ACTION_CANCELED,
        PAID, PAID_AGAIN, NEEDS_ATTENTION, STOCK_HELD_AGAIN, CANCELLED, EXPIRED,
        REFUND_REQUESTED, REFUND_PENDING, REFUND_FAILED, REFUNDED, REFUNDED_OUTSIDE, FULLY_REFUNDED,
        FULFILMENT_NONE, FULFILMENT_READY_FOR_PICKUP, FULFILMENT_FULFILLED, FULFILMENT_SHIPPED, FULFILMENT_BACKORDERED, BACKORDER_SHIPPED;

        /** The entry of an order's fulfilment moving to {@code to}. */
        public static Type fulfilment(Order.FulfilmentStatus to) {
            return switch (to) {
                case NONE -> FULFILMENT_NONE;
                case READY_FOR_PICKUP -> FULFILMENT_READY_FOR_PICKUP;
                case FULFILLED -> FULFILMENT_FULFILLED;
                case SHIPPED -> FULFILMENT_SHIPPED;
                case BACKORDERED -> FULFILMENT_BACKORDERED;
            };
        }

        /** The entry of an unpaid order ending as {@code to} (CANCELLED or EXPIRED). */
        public static Type ended(Order.Status to) {
            return switch (to) {
                case CANCELLED -> CANCELLED;
                case EXPIRED -> EXPIRED;
                default -> throw new IllegalArgumentException("an unpaid order ends CANCELLED or EXPIRED, not " + to);
            };
        }
    }
}
