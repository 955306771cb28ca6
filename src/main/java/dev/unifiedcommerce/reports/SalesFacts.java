package dev.unifiedcommerce.reports;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The transitions of orders and refunds the sales report counts, read from an item before and after a change. A sale
 * counts once, on the day it was PAID, at its fulfilment location; a refund on the day it was booked, at the store
 * that takes the goods back (else the order's), and again negatively if Stripe later failed it.
 */
public final class SalesFacts {
    private SalesFacts() {}

    /** An order as the report needs it. {@code paidAt}: when it was paid (null: not yet). */
    public record OrderFacts(String orderId, String status, String channel, String paymentMethod, String locationId, Instant paidAt, String currency,
                             long units, long gross, long discounts, long total, long pointsEarned, long pointsSpent) {}

    /** A refund asked of an order. */
    public record RefundFacts(String refundId, String orderId, String status, long amount, String currency, String restockLocationId) {}

    /** The sale an order's change makes: it became paid (a reopened order, paid before, is no new sale). */
    public static Optional<SalesChange> sale(OrderFacts before, OrderFacts after, ZoneId zone) {
        if (after == null || after.paidAt() == null || (before != null && before.paidAt() != null)) return Optional.empty();
        return Optional.of(new SalesChange("SALE#" + after.orderId(), after.currency(), after.paidAt().atZone(zone).toLocalDate(), after.locationId(),
                after.channel(), after.paymentMethod(), new SalesTotals(1, after.units(), after.gross(), after.discounts(), 0, after.total(),
                after.pointsEarned(), after.pointsSpent())));
    }

    /** The refund a refund item's change makes: booked (+), or failed at Stripe after it was booked (−). */
    public static Optional<SalesChange> refund(RefundFacts before, RefundFacts after, OrderFacts order, Instant at, ZoneId zone) {
        if (after == null || order == null) return Optional.empty();
        String store = after.restockLocationId() != null ? after.restockLocationId() : order.locationId();
        if (before == null) {
            return Optional.of(new SalesChange("REFUND#" + after.refundId(), after.currency(), at.atZone(zone).toLocalDate(), store, order.channel(),
                    order.paymentMethod(), new SalesTotals(0, 0, 0, 0, after.amount(), -after.amount(), 0, 0)));
        }
        if ("FAILED".equals(after.status()) && !"FAILED".equals(before.status())) {
            return Optional.of(new SalesChange("REFUND_FAILED#" + after.refundId(), after.currency(), at.atZone(zone).toLocalDate(), store,
                    order.channel(), order.paymentMethod(), new SalesTotals(0, 0, 0, 0, -after.amount(), after.amount(), 0, 0)));
        }
        return Optional.empty();
    }

    /** Where a refund is counted. */
    public static String storeOf(RefundFacts refund, OrderFacts order) {
        return refund.restockLocationId() != null ? refund.restockLocationId() : order.locationId();
    }
}
