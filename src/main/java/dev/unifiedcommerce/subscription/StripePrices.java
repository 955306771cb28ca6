package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.customer.Customer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Stripe objects a subscription is billed with, made once and remembered: the customer's Stripe Customer, and a
 * Price per product, interval, currency and amount (Prices never change: a new price makes a new one).
 */
@ApplicationScoped
public class StripePrices {
    private final SubscriptionStore store;
    private final BillingGateway billing;

    public StripePrices(SubscriptionStore store, BillingGateway billing) {
        this.store = store;
        this.billing = billing;
    }

    public String customerOf(Customer customer) {
        return store.stripeCustomer(customer.id()).orElseGet(() ->
                store.rememberStripeCustomer(customer.id(), billing.createCustomer(customer, "uc-" + customer.id() + "-customer")));
    }

    public List<BillingGateway.Item> itemsOf(Subscription s) {
        List<BillingGateway.Item> items = new ArrayList<>();
        for (Subscription.Line l : s.lines()) {
            String interval = s.interval().name().toLowerCase(Locale.ROOT);
            String price = store.stripePrice(l.sku(), interval, s.currency(), l.unitAmount()).orElseGet(() -> store.rememberStripePrice(l.sku(), interval,
                    s.currency(), l.unitAmount(), billing.createPrice(l.sku(), l.name(), interval, s.currency(), l.unitAmount(),
                            "uc-price-" + l.sku() + "-" + interval + "-" + s.currency() + "-" + l.unitAmount())));
            items.add(new BillingGateway.Item(price, l.quantity()));
        }
        return items;
    }
}
