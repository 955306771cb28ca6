package dev.unifiedcommerce.reports;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The transitions of orders and refunds the sales report counts, read from an item before and after a change. A sale
 * counts once, on the day it was PAID, at its fulfilment location; a refund on the day it was booked, at the store
 * that gave it (else the order's), and again negatively if Stripe later failed it. The recount reads the same facts
 * from the orders as they stand, so both agree line by line.
 */
public final class SalesFacts {
    private SalesFacts() {}

    /** Statuses of an order whose payment was the order's: PAID, or REFUNDED after it (NEEDS_ATTENTION money goes back). */
    private static final Set<String> SOLD = Set.of("PAID", "REFUNDED");

    /** An order as the report needs it. {@code paidAt}: when it was paid (null: not yet). */
    public record OrderFacts(String orderId, String status, String channel, String paymentMethod, String locationId, Instant paidAt, String currency,
                             long units, long gross, long discounts, long total, long pointsEarned, long pointsSpent, List<SalesChange.SkuUnits> skuUnits) {
        /** A sale the report counts: paid as the order's own money. */
        public boolean sold() { return paidAt != null && SOLD.contains(status); }
    }

    /**
     * A refund given on an order: where it was given ({@code storeId}: the store that took the goods back or whose staff
     * gave it; null: the order's), the money and the spent points it gave back.
     */
    public record RefundFacts(String refundId, String orderId, String status, long amount, String currency, String storeId, long pointsBack) {
        public boolean failed() { return "FAILED".equals(status); }
    }

    /** The sale an order's change makes: it became sold (a reopened order, sold before, is no new sale). */
    public static Optional<SalesChange> sale(OrderFacts before, OrderFacts after, ZoneId zone) {
        if (after == null || !after.sold() || (before != null && before.sold())) return Optional.empty();
        return Optional.of(saleOf(after, zone));
    }

    /** A sale as it counts on its paid day (what the recount adds for every sold order). */
    public static SalesChange saleOf(OrderFacts o, ZoneId zone) {
        return new SalesChange("SALE#" + o.orderId(), o.currency(), o.paidAt().atZone(zone).toLocalDate(), o.locationId(), o.channel(),
                o.paymentMethod(), new SalesTotals(1, o.units(), o.gross(), o.discounts(), 0, o.total(), o.pointsEarned(), o.pointsSpent()), o.skuUnits());
    }

    /**
     * Points a sold order earned after it was counted (its customer was known only once the card was: the points are
     * booked then): added to the sale's day, once per new total.
     */
    public static Optional<SalesChange> earnedLater(OrderFacts before, OrderFacts after, ZoneId zone) {
        if (before == null || after == null || !before.sold() || !after.sold() || after.pointsEarned() == before.pointsEarned()) return Optional.empty();
        return Optional.of(new SalesChange("EARNED#" + after.orderId() + "#" + after.pointsEarned(), after.currency(),
                after.paidAt().atZone(zone).toLocalDate(), after.locationId(), after.channel(), after.paymentMethod(),
                new SalesTotals(0, 0, 0, 0, 0, 0, after.pointsEarned() - before.pointsEarned(), 0)));
    }

    /** The refund a refund item's change makes: booked (+), or failed at Stripe after it was booked (−). */
    public static Optional<SalesChange> refund(RefundFacts before, RefundFacts after, OrderFacts order, Instant at, ZoneId zone) {
        // money given back from a payment that was never the order's sale (NEEDS_ATTENTION, refunded automatically) is no return
        if (after == null || order == null || !order.sold()) return Optional.empty();
        if (before == null) {
            // a request written already failed was never given: nothing to count (nor to take back later)
            if (after.failed()) return Optional.empty();
            return Optional.of(refundOf(after, order, at, zone, 1, "REFUND#"));
        }
        if (after.failed() && !before.failed()) return Optional.of(refundOf(after, order, at, zone, -1, "REFUND_FAILED#"));
        return Optional.empty();
    }

    /** A refund counted on a day: {@code sign} 1 when given, −1 when Stripe failed it later. */
    public static SalesChange refundOf(RefundFacts r, OrderFacts order, Instant at, ZoneId zone, int sign, String marker) {
        return new SalesChange(marker + r.refundId(), r.currency(), at.atZone(zone).toLocalDate(), storeOf(r, order), order.channel(),
                order.paymentMethod(), new SalesTotals(0, 0, 0, 0, sign * r.amount(), -sign * r.amount(), 0, -sign * r.pointsBack()));
    }

    /** Where a refund is counted. */
    public static String storeOf(RefundFacts refund, OrderFacts order) {
        return refund.storeId() != null ? refund.storeId() : order.locationId();
    }
}
