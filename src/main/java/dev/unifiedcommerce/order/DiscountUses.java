package dev.unifiedcommerce.order;

import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.LoyaltyLedger;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.promotion.Promotions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * What an order's discounts spent (a code's use, the customer's points), given back and taken again with the order's
 * own state transitions, so each happens once: an unpaid order that ends (cancel, expiry, a refused payment start)
 * gives them back; a payment that arrives after that takes them again; a personal code's use comes back when its order
 * is refunded in full (points come back with each refund, in proportion: {@link Refunds}).
 */
@ApplicationScoped
public class DiscountUses {
    private final Promotions promotions;
    private final Loyalty loyalty;

    public DiscountUses(Promotions promotions, Loyalty loyalty) {
        this.promotions = promotions;
        this.loyalty = loyalty;
    }

    /** The order ends unpaid: its code's uses and its points come back. */
    public Writes giveBack(Order order) {
        return order.promotion().map(d -> promotions.giveBackWrites(d.code(), d.perCustomer() ? order.customerId() : null)).orElse(Writes.none())
                .and(loyalty.post(order.customerId(), loyalty.pointsEntry(order.id(), order.pointsSpent(), "RETURNED")));
    }

    /**
     * The order is paid after all (a late payment held its stock again): its code's uses and points are taken again, the
     * points with {@code earned} in one change of the customer's balance, only within their limits: the code still has
     * a use for the order (and for its customer), the balance still holds the points. When one does not, the
     * transaction is refused with {@link SpentMeanwhile} (the payment is then refunded), never over-spent.
     */
    public Writes retake(Order order, Optional<LoyaltyLedger.Entry> earned) {
        Writes code = order.promotion().map(d -> promotions.retakeWithinLimitsWrites(d.code(), d.perCustomer() ? order.customerId() : null,
                () -> new SpentMeanwhile("code_used_up", "paid after the order ended, and code '" + d.code() + "' was used up meanwhile")))
                .orElse(Writes.none());
        long spent = order.pointsSpent();
        if (spent == 0) return code.and(loyalty.post(order.customerId(), earned));
        long earnedNow = earned.map(LoyaltyLedger.Entry::points).orElse(0L);
        return code.and(loyalty.postWithin(order.customerId(), spent - earnedNow, () -> new SpentMeanwhile("points_spent",
                "paid after the order ended, and the customer's " + spent + " points were spent meanwhile"),
                earned, loyalty.pointsEntry(order.id(), -spent, "SPENT_AGAIN")));
    }

    /** What a late payment's order spent is no longer there to take: {@code reason} for the payment issue and refund. */
    public static final class SpentMeanwhile extends RuntimeException {
        private final String reason;

        SpentMeanwhile(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public String reason() { return reason; }
    }

    /** The order was refunded in full: a personal code may be used again (a public code's use stays spent). */
    public Writes giveBackPersonal(Order order) {
        return order.promotion().filter(Order.Discount::personal)
                .map(d -> promotions.giveBackWrites(d.code(), d.perCustomer() ? order.customerId() : null)).orElse(Writes.none());
    }

    /** A full refund was undone (the order is PAID again): a personal code's use is spent again. */
    public Writes retakePersonal(Order order) {
        return order.promotion().filter(Order.Discount::personal)
                .map(d -> promotions.retakeWrites(d.code(), d.perCustomer() ? order.customerId() : null)).orElse(Writes.none());
    }
}
