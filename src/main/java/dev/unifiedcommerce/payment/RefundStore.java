package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Refunds asked of orders, and the order's refunded money (changed under optimistic locking). */
public interface RefundStore {
    enum Status { PENDING, SUCCEEDED, FAILED }

    record RefundLine(String sku, int quantity, long unitAmount) {}

    /**
     * {@code points}: loyalty points the order spent that this refund gives back to the customer when it completes.
     * {@code storeId}: the store that gave it (where it is reported; null: the order's own location).
     */
    record RefundRecord(String refundId, String orderId, long amount, String currency, List<RefundLine> lines, String restockLocationId,
                        String reason, Status status, String stripeRefundId, RefundStatus stripeStatus, long points, String storeId) {}

    /**
     * How much of an order is refunded: in money, per SKU, the spent points booked to go back, and the version the next
     * change must match.
     */
    record Refunded(long amount, Map<String, Integer> quantities, long points, long version) {}

    /** A refund request was not in the state a write expected (completed or given back meanwhile by the other path). */
    final class RefundStateChanged extends RuntimeException {
        public RefundStateChanged(String refundId) { super("refund " + refundId + " changed", null, false, false); }
    }

    Refunded refunded(String orderId);

    /** An order and how much of it is refunded, from one read of the order's item. */
    record RefundableOrder(Order order, Refunded refunded) {}

    Optional<RefundableOrder> refundable(String orderId);

    /**
     * Closes a fully refunded order: PAID -> REFUNDED with {@code with} (its timeline entry), conditional on the booked refunds covering
     * {@code total} still (a refund given back meanwhile leaves it PAID). False when the condition did not hold.
     */
    boolean closeIfFullyRefunded(String orderId, long total, Writes with);

    Optional<RefundRecord> refund(String orderId, String refundId);

    List<RefundRecord> refunds(String orderId);

    /** Books the refund on the order (if it is still at {@code before}'s version) and records the PENDING request. */
    Writes requestWrites(Order order, Refunded before, RefundRecord refund);

    /**
     * Gives back what {@link #requestWrites} booked, when Stripe refused; the request becomes FAILED. Conditional on the
     * order as {@code read}: PAID, or REFUNDED at that version; {@code reopen}: a REFUNDED order is PAID again (another
     * refund closed it counting this one, and without this one less than the total is refunded).
     */
    Writes undoWrites(RefundRecord refund, RefundableOrder read, boolean reopen);

    /** The request reached Stripe: its refund id and status. Conditional on it being PENDING. */
    Writes succeededWrites(RefundRecord refund, String stripeRefundId, RefundStatus stripeStatus);

    /**
     * Stripe reported one of our refunds failed after all: the booking is given back (like {@link #undoWrites}) and
     * the request becomes FAILED, conditional on it not being FAILED already. {@code reopenRefundedOrder}: the order was
     * REFUNDED and becomes PAID again in the same update.
     */
    Writes failedLaterWrites(RefundRecord refund, RefundableOrder read, boolean reopen);

    /**
     * A refund made outside this system (e.g. the Stripe Dashboard): booked on the order (with the spent points it gives
     * back) if still at {@code before}'s version.
     */
    /**
     * A refund made outside this API booked on the order; {@code ofSale}: the payment was the order's sale (then it is
     * kept as a refund item too, and reported as a return; money of a NEEDS_ATTENTION payment is not).
     */
    Writes externalWrites(String orderId, Refunded before, long amount, long points, String currency, String stripeRefundId, RefundStatus stripeStatus,
                          boolean ofSale);
}
