package dev.unifiedcommerce.terminal;

/**
 * A card reader registered to a store. {@code action} is what it is doing for us (IN_PROGRESS while a shopper is
 * paying an order on it, then SUCCEEDED/FAILED/CANCELED), as seen in Stripe's terminal.reader.action_* events.
 */
public record Reader(String id, String stripeReaderId, String label, String locationId, String deviceType, String status,
                     Action action) {
    /** What the reader was last asked to do for a sale or a subscription ({@code orderId} names either), and how it went. */
    public record Action(State state, String orderId, String paymentIntentId, String detail) {
        /** Where a reader action stands; IN_PROGRESS is the only state that keeps the reader busy. */
        public enum State { IN_PROGRESS, SUCCEEDED, FAILED, CANCELED }

        public boolean inProgress() { return state == State.IN_PROGRESS; }
    }

    public boolean busy() { return action != null && action.inProgress(); }
}
