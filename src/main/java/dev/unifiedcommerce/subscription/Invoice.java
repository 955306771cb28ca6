package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.catalog.Money;

/**
 * A subscription's invoice as a Stripe event reports it (both older and newer shapes read into this). {@code subscriptionId}:
 * ours, from the subscription's metadata copied onto the invoice (null when the event does not carry it);
 * {@code paymentIntentId}: null when the shape does not name it (newer API versions list it among the invoice's payments).
 * {@code periodStart}: the start of the period it bills (epoch seconds), so a late event about an earlier period never
 * undoes a later one. {@code attempt}: how many times Stripe tried to collect it.
 */
public record Invoice(String id, String stripeSubscriptionId, String subscriptionId, String paymentIntentId, Money amount, String billingReason,
                      long periodStart, int attempt) {
    /** The first invoice of a subscription (the one the shopper confirms), not a renewal. */
    public boolean first() { return "subscription_create".equals(billingReason); }
}
