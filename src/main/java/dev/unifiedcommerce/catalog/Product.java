package dev.unifiedcommerce.catalog;

import java.util.Optional;
import java.util.Set;

/**
 * A sellable item. Prices come from here, never from the client. {@code subscription}: when it can also be subscribed
 * to (delivered every interval at that price); null when not.
 */
public record Product(String sku, String name, Money price, boolean active, Subscription subscription) {
    public enum Interval { DAY, WEEK, MONTH, YEAR }

    /** The intervals a subscription may renew at, and its price per delivery. */
    public record Subscription(Set<Interval> intervals, Money price) {
        public Subscription {
            intervals = Set.copyOf(intervals);
        }
    }

    /**
     * Why {@code sku} cannot be sold, as {@code found} in the catalog (null: no such product), or empty when it can: the
     * one rule a checkout, a reservation taken over and a hold all ask.
     */
    public static Optional<String> notSellable(String sku, Product found) {
        if (found == null) return Optional.of("unknown SKU '" + sku + "'");
        if (!found.active()) return Optional.of("SKU '" + sku + "' is not for sale");
        return Optional.empty();
    }

    /** A product sold only one at a time (no subscription). */
    public Product(String sku, String name, Money price, boolean active) { this(sku, name, price, active, null); }
}
