package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.PostalAddress;

import java.time.Instant;
import java.util.List;

/**
 * A customer's standing order: these lines every {@code interval}, shipped to {@code shipTo} from
 * {@code fulfilmentLocationId}, billed by Stripe ({@code stripeSubscriptionId}). {@code clientSecret}: what the web shop
 * or app confirms the first payment with (CARD), until it is paid.
 */
public record Subscription(String id, String customerId, List<Line> lines, Product.Interval interval, String currency, PostalAddress shipTo,
                           String fulfilmentLocationId, Status status, Method method, String stripeSubscriptionId, String clientSecret,
                           String createdBy, Instant createdAt) {
    public enum Status { PENDING, INCOMPLETE, ACTIVE, PAST_DUE, PAUSED, CANCELLED }

    public enum Method { CARD }

    /** One SKU per delivery at the product's subscription price when subscribed. */
    public record Line(String sku, String name, int quantity, long unitAmount) {}

    public long amountPerDelivery() { return lines.stream().mapToLong(l -> l.unitAmount() * l.quantity()).sum(); }

    public Subscription started(String stripeId, String secret, Status s) {
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, s, method, stripeId, secret, createdBy, createdAt);
    }
}
