package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Optional;

/** Where subscriptions, and the Stripe ids they are billed with, are kept. */
public interface SubscriptionStore {
    /** A new subscription (PENDING: not at Stripe yet), for the transaction that records the request. */
    Writes createWrites(Subscription s);

    /** The condition of an invoice's delivery marker: refused, the invoice was delivered before. */
    record InvoiceDelivered(String invoiceId) {}

    /** The condition of a subscription's change: refused, it changed since it was read. */
    record SubscriptionChanged(String subscriptionId) {}

    /** Marks a paid invoice delivered by this order (once per invoice, whichever event or read-back carried it). */
    Writes invoiceWrites(String subscriptionId, String invoiceId, String orderId);

    /** {@code read} becomes {@code next} (one version up), conditional on it still being the version read. */
    Writes changeWrites(Subscription read, Subscription next);

    Optional<Subscription> subscription(String id);

    /** Stripe's subscription for it, once known: recorded once (a retry finds it recorded). */
    void recordStarted(Subscription started);

    /** A LINK subscription's Checkout Session, once known: recorded once (a retry finds it recorded). */
    void recordLink(Subscription linked);

    record Page(List<Subscription> subscriptions, String next) {}

    /** Subscriptions in one status, oldest first (e.g. PAST_DUE ones for staff to call). */
    Page withStatus(Subscription.Status status, int limit, String next);

    /** A customer's subscriptions, newest first. */
    List<Subscription> ofCustomer(String customerId);

    /** The Stripe Customer of one of ours, if it was made. */
    Optional<String> stripeCustomer(String customerId);

    /** Remembers the Stripe Customer made for one of ours (the first one kept if two were made at once). */
    String rememberStripeCustomer(String customerId, String stripeCustomerId);

    /** The Stripe Price of a product at an interval, currency and amount, if it was made (Prices never change). */
    Optional<String> stripePrice(String sku, String interval, String currency, long amount);

    String rememberStripePrice(String sku, String interval, String currency, long amount, String stripePriceId);

    /** One more delivery waiting for stock at this location ({@code delta} +1), or one fewer (-1), for the same transaction. */
    Writes backorderWrites(String locationId, int delta);

    /** A subscription a till sale's card is to start, waiting for that sale (for the order's transaction). */
    Writes saleWaitingWrites(String subscriptionId, String orderId);

    /** It no longer waits (started, incomplete or cancelled). */
    Writes saleDoneWrites(String subscriptionId);

    /** The subscriptions waiting for their till sale. */
    List<String> salesWaiting();

    /** How many deliveries wait for stock at this location. */
    long waitingAt(String locationId);

    /** The locations where deliveries wait for stock. */
    List<String> backorderedLocations();
}
