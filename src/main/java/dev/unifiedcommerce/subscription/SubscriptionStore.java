package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.platform.table.Writes;

import java.util.List;
import java.util.Optional;

/** Where subscriptions, and the Stripe ids they are billed with, are kept. */
public interface SubscriptionStore {
    /** A new subscription (PENDING: not at Stripe yet), for the transaction that records the request. */
    Writes createWrites(Subscription s);

    void apply(Writes writes);

    Optional<Subscription> subscription(String id);

    /** Stripe's subscription for it, once known: recorded once (a retry finds it recorded). */
    void recordStarted(Subscription started);

    /** A customer's subscriptions, newest first. */
    List<Subscription> ofCustomer(String customerId);

    /** The Stripe Customer of one of ours, if it was made. */
    Optional<String> stripeCustomer(String customerId);

    /** Remembers the Stripe Customer made for one of ours (the first one kept if two were made at once). */
    String rememberStripeCustomer(String customerId, String stripeCustomerId);

    /** The Stripe Price of a product at an interval, currency and amount, if it was made (Prices never change). */
    Optional<String> stripePrice(String sku, String interval, String currency, long amount);

    String rememberStripePrice(String sku, String interval, String currency, long amount, String stripePriceId);
}
