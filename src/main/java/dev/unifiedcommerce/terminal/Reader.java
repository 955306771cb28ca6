package dev.unifiedcommerce.terminal;

/**
 * A card reader registered to a store. {@code action} is what it is doing for us (IN_PROGRESS while a shopper is
 * paying an order on it, then SUCCEEDED/FAILED/CANCELED), as seen in Stripe's terminal.reader.action_* events.
 */
public record Reader(String id, String stripeReaderId, String label, String locationId, String deviceType, String status,
                     Action action) {
    public record Action(String state, String orderId, String paymentIntentId, String detail) {
        public boolean inProgress() { return "IN_PROGRESS".equals(state); }
    }

    public boolean busy() { return action != null && action.inProgress(); }
}
