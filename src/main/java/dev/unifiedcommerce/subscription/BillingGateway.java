package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.platform.provider.StripeNames;

import java.util.List;

/** Stripe Billing, as the subscriptions need it. Every create carries an idempotency key made of our own ids. */
public interface BillingGateway {
    /** A subscription's status at Stripe. */
    enum SubscriptionStatus {
        INCOMPLETE, INCOMPLETE_EXPIRED, TRIALING, ACTIVE, PAST_DUE, CANCELED, UNPAID, PAUSED,
        /** A status Stripe added after this code was written. */
        UNKNOWN;

        public String word() { return StripeNames.word(this); }

        public static SubscriptionStatus of(String stripeWord) { return StripeNames.read(SubscriptionStatus.class, stripeWord, UNKNOWN); }
    }

    /** A SetupIntent's status at Stripe. */
    enum SetupStatus {
        REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, CANCELED, SUCCEEDED,
        /** A status Stripe added after this code was written. */
        UNKNOWN;

        public static SetupStatus of(String stripeWord) { return StripeNames.read(SetupStatus.class, stripeWord, UNKNOWN); }
    }

    String createCustomer(Customer c, String key);

    String createPrice(String sku, String productName, String interval, String currency, long amount, String key);

    record Item(String priceId, int quantity) {}

    /** Stripe's subscription and the first invoice's client secret (null when nothing is due now). */
    record Started(String stripeSubscriptionId, SubscriptionStatus status, String clientSecret) {}

    Started createSubscription(Subscription s, String stripeCustomerId, List<Item> items, String key);

    /** A Checkout Session in subscription mode: the shopper subscribes on Stripe's page (LINK). */
    record Link(String checkoutSessionId, String url) {}

    Link createSubscriptionLink(Subscription s, String stripeCustomerId, List<Item> items, String key);

    /**
     * Stripe's subscription as it stands now: {@code status} as Stripe names it, whether collection is paused
     * ({@code pause_collection} set), whether it ends at the period's end, and our id from its metadata.
     */
    record StripeSubscription(String id, String subscriptionId, SubscriptionStatus status, boolean collectionPaused, boolean cancelAtPeriodEnd) {}

    StripeSubscription subscription(String stripeSubscriptionId);

    /** The PaymentIntent that paid an invoice (newer API versions list it among the invoice's payments only); null if none. */
    String invoicePaymentIntent(String invoiceId);

    /** Collection paused ({@code pause_collection[behavior]=void}: no invoices are charged) or, {@code paused} false, resumed. */
    StripeSubscription pauseCollection(String stripeSubscriptionId, boolean paused);

    /** Cancelled now, or at the end of the period already paid for. */
    StripeSubscription cancel(String stripeSubscriptionId, boolean immediately);

    /** A SetupIntent for a card tapped on a store's reader (card_present), to charge it later off session. */
    String createSetupIntent(Subscription s, String stripeCustomerId, String key);

    /**
     * A SetupIntent as it stands, its latest attempt read with it: {@code generatedCard}, the reusable card Stripe made from
     * the tapped one (null until it succeeded); {@code failure}, why the last attempt failed.
     */
    record Setup(String id, SetupStatus status, String generatedCard, String failure) {}

    Setup setupIntent(String setupIntentId);

    /** Best effort: a SetupIntent no reader should complete any more. */
    void cancelSetupIntent(String setupIntentId);

    /** A subscription charged to a saved card at once (the first invoice paid off session, or incomplete if declined). */
    Started createSubscriptionPaidBy(Subscription s, String stripeCustomerId, List<Item> items, String paymentMethodId, String key);
}
