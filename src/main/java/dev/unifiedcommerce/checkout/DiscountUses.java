package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.platform.table.Writes;
import dev.unifiedcommerce.promotion.Promotions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What an order's discounts spent, given back and taken again with the order's own state transitions, so each happens
 * once: an unpaid order that ends (cancel, expiry, a refused payment start) gives its code's use back; a payment that
 * arrives after that takes it again; a personal code's use comes back when its order is refunded in full.
 */
@ApplicationScoped
public class DiscountUses {
    private final Promotions promotions;

    public DiscountUses(Promotions promotions) { this.promotions = promotions; }

    /** The order ends unpaid: its code's uses come back. */
    public Writes giveBack(Order order) {
        return order.promotion().map(d -> promotions.giveBackWrites(d.code(), d.perCustomer() ? order.customerId() : null)).orElse(Writes.none());
    }

    /** The order is paid after all (a late payment held its stock again): its code's uses are taken again. */
    public Writes retake(Order order) {
        return order.promotion().map(d -> promotions.retakeWrites(d.code(), d.perCustomer() ? order.customerId() : null)).orElse(Writes.none());
    }

    /** The order was refunded in full: a personal code may be used again (a public code's use stays spent). */
    public Writes giveBackPersonal(Order order) {
        return order.promotion().filter(Order.Discount::personal).map(d -> giveBack(order)).orElse(Writes.none());
    }

    /** A full refund was undone (the order is PAID again): a personal code's use is spent again. */
    public Writes retakePersonal(Order order) {
        return order.promotion().filter(Order.Discount::personal).map(d -> retake(order)).orElse(Writes.none());
    }
}
