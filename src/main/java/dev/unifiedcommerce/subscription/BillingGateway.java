package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.customer.Customer;

import java.util.List;

/** Stripe Billing, as the subscriptions need it. Every create carries an idempotency key made of our own ids. */
public interface BillingGateway {
    String createCustomer(Customer c, String key);

    String createPrice(String sku, String productName, String interval, String currency, long amount, String key);

    record Item(String priceId, int quantity) {}

    /** Stripe's subscription and the first invoice's client secret (null when nothing is due now). */
    record Started(String stripeSubscriptionId, String status, String clientSecret) {}

    Started createSubscription(Subscription s, String stripeCustomerId, List<Item> items, String key);
}
