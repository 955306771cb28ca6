package dev.unifiedcommerce.order;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Map;

/**
 * A subscription a till sale's card starts ({@code subscribe} at a TERMINAL checkout): one tap pays the sale and keeps
 * the card for the subscription. Supplied by the subscriptions capability; the checkout only carries it.
 */
public interface SaleSubscriptions {
    /** What the barista asked for: these lines every {@code interval}, shipped from {@code fulfilmentLocationId} to the address on file. */
    record Asked(List<Map.Entry<String, Integer>> lines, String interval, String fulfilmentLocationId) {}

    /** The PENDING subscription's id and the writes that make it, for the order's own transaction. */
    record Prepared(String subscriptionId, Writes writes) {
        public static final Prepared NONE = new Prepared(null, Writes.none());
    }

    /** Checks what was asked (422/400 naming {@code subscribe...}) and prepares the subscription for this order's sale. */
    Prepared prepare(String caller, String customerId, Asked asked, String readerId, String orderId);

    /** The customer's Stripe Customer (made once and remembered), for the sale's PaymentIntent. */
    String stripeCustomerOf(String subscriptionId);
}
