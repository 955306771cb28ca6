package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.order.SaleSubscriptions;
import dev.unifiedcommerce.payment.PaymentLedger;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts subscriptions: the request recorded (with its Idempotency-Key) before Stripe is asked, then the customer's
 * Stripe Customer and each product's Stripe Price (made once and remembered), then Stripe's subscription, whose first
 * invoice the web shop or app confirms with the client secret. A retry of an unclear answer uses the same keys, so
 * Stripe answers the same objects.
 */
@ApplicationScoped
public class Subscriptions implements SaleSubscriptions {
    /** {@code sms}/{@code chatWebhookUrl}: where a LINK subscription's page is sent (neither: the channel sends the url itself). */
    public record Request(String customerId, Contact contact, List<Map.Entry<String, Integer>> lines, Product.Interval interval, PostalAddress shipTo,
                          boolean shipToAddressOnFile, String fulfilmentLocationId, Subscription.Method method, String sms, String chatWebhookUrl,
                          String readerId, boolean vouched) {
        public Request(String customerId, Contact contact, List<Map.Entry<String, Integer>> lines, Product.Interval interval, PostalAddress shipTo,
                       boolean shipToAddressOnFile, String fulfilmentLocationId, Subscription.Method method, String sms, String chatWebhookUrl,
                       String readerId) {
            this(customerId, contact, lines, interval, shipTo, shipToAddressOnFile, fulfilmentLocationId, method, sms, chatWebhookUrl, readerId, false);
        }

        public Request(String customerId, Contact contact, List<Map.Entry<String, Integer>> lines, Product.Interval interval, PostalAddress shipTo,
                       boolean shipToAddressOnFile, String fulfilmentLocationId, Subscription.Method method) {
            this(customerId, contact, lines, interval, shipTo, shipToAddressOnFile, fulfilmentLocationId, method, null, null, null);
        }
    }

    private final SubscriptionStore store;
    private final Transactions transactions;
    private final CatalogStore catalog;
    private final Customers customers;
    private final BillingGateway billing;
    private final Clock clock;
    private final Renewals renewals;
    private final Messages messages;
    private final StripePrices prices;
    private final TillSubscriptions till;

    public Subscriptions(SubscriptionStore store, Transactions transactions, CatalogStore catalog, Customers customers, BillingGateway billing, Clock clock, Renewals renewals,
                         Messages messages, StripePrices prices, TillSubscriptions till) {
        this.prices = prices;
        this.till = till;
        this.renewals = renewals;
        this.messages = messages;
        this.store = store;
        this.transactions = transactions;
        this.catalog = catalog;
        this.customers = customers;
        this.billing = billing;
        this.clock = clock;
    }

    /** Records the subscription (PENDING) with {@code withCaller} in one transaction, then starts it at Stripe. */
    public Subscription start(String caller, Request r, Function<String, Writes> withCaller) {
        Customer customer = r.customerId() != null
                ? customers.byId(r.customerId()).orElseThrow(() -> Rejected.unusable("customer.customerId", "unknown customer '" + r.customerId() + "'"))
                : customers.identify(r.contact());
        Subscription s = draft(caller, customer, r, "", null);
        // the address joins the customer's book only for a customer someone vouched for (a channel's verified shopper, staff
        // with the shopper's code): typed beside a phone, or by staff who only looked the customer up, it stays on the
        // subscription. (The address on file is read for a look-up too: it ships to the customer, whoever pays.)
        Writes keep = r.vouched() ? customers.addressWrites(customer.id(), s.shipTo(), s.createdAt()) : Writes.none();
        transactions.commitExplained(store.createWrites(s).and(withCaller.apply(s.id())).and(keep));
        return made(s, customer, r);
    }

    @Override
    public SaleSubscriptions.Prepared prepare(String caller, String customerId,
                                                                          SaleSubscriptions.Asked asked, String readerId, String orderId) {
        Customer customer = customers.byId(customerId).orElseThrow(() -> Rejected.unusable("customer.customerId", "unknown customer '" + customerId + "'"));
        Product.Interval interval = Product.Interval.valueOf(asked.interval());
        Subscription s = draft(caller, customer, new Request(customerId, null, asked.lines(), interval, null, true, asked.fulfilmentLocationId(),
                Subscription.Method.TERMINAL, null, null, readerId), "subscribe.", orderId);
        prices.customerOf(customer); // the sale's PaymentIntent keeps the card for this Stripe Customer
        return new SaleSubscriptions.Prepared(s.id(), store.createWrites(s).and(store.saleWaitingWrites(s.id(), orderId)));
    }

    @Override
    public String stripeCustomerOf(String subscriptionId) {
        Subscription s = get(subscriptionId);
        return store.stripeCustomer(s.customerId()).orElseGet(() -> prices.customerOf(customers.byId(s.customerId()).orElseThrow()));
    }

    /** Starts a recorded subscription at Stripe, and sends a LINK subscription's page where asked. */
    private Subscription made(Subscription s, Customer customer, Request r) {
        Subscription started = startAtStripe(s, customer);
        if (started.method() == Subscription.Method.LINK && (r.sms() != null || r.chatWebhookUrl() != null)) {
            // sent once, by the request that made the page; the answer carries the url too (a retry does not send again)
            String text = "Subscribe to " + started.lines().getFirst().name() + (started.lines().size() > 1 ? " and more" : "") + ": "
                    + started.amountPerDelivery() + " " + started.currency().toUpperCase(Locale.ROOT) + " every "
                    + started.interval().name().toLowerCase(Locale.ROOT) + ", delivered. " + started.billing().url();
            messages.send(started.id(), text, Map.of("type", "subscription_link", "subscriptionId", started.id(), "url", started.billing().url(), "text", text),
                    r.sms(), r.chatWebhookUrl());
        }
        return started;
    }

    /**
     * A subscription as asked, checked (refusals name {@code prefix + field}): the products sold by subscription at the
     * interval, in one currency, a known warehouse, an address. {@code orderId}: the till sale whose card starts it.
     */
    private Subscription draft(String caller, Customer customer, Request r, String prefix, String orderId) {
        PostalAddress shipTo = r.shipToAddressOnFile() ? customers.addressOnFile(r.customerId()) : r.shipTo();
        if (shipTo == null) throw Rejected.invalid(prefix + "shipTo", "is required (or shipToAddressOnFile with a vouched customer)");
        if (catalog.location(r.fulfilmentLocationId()).isEmpty()) {
            throw Rejected.unusable(prefix + "fulfilmentLocationId", "unknown location '" + r.fulfilmentLocationId() + "'");
        }
        Map<String, Integer> merged = new LinkedHashMap<>();
        r.lines().forEach(l -> merged.merge(l.getKey(), l.getValue(), Integer::sum));
        var products = catalog.lookup(List.copyOf(merged.keySet()), List.of()).products();
        List<Subscription.Line> lines = new ArrayList<>();
        String currency = null;
        int i = 0;
        for (var e : merged.entrySet()) {
            Product p = products.get(e.getKey());
            String field = prefix + "lines[" + i++ + "].sku";
            if (p == null) throw Rejected.unusable(field, "unknown SKU '" + e.getKey() + "'");
            if (!p.active() || p.subscription() == null) throw Rejected.unusable(field, "SKU '" + p.sku() + "' is not sold by subscription");
            if (!p.subscription().intervals().contains(r.interval())) {
                throw Rejected.unusable(prefix + "interval", "SKU '" + p.sku() + "' renews every " + p.subscription().intervals() + ", not " + r.interval());
            }
            if (currency != null && !currency.equals(p.subscription().price().currency())) throw Rejected.unusable(field, "one subscription is billed in one currency");
            currency = p.subscription().price().currency();
            lines.add(new Subscription.Line(p.sku(), p.name(), e.getValue(), p.subscription().price().amount()));
        }
        return new Subscription(Ids.newId("sbn"), customer.id(), lines, r.interval(), currency, shipTo, r.fulfilmentLocationId(),
                Subscription.Status.PENDING, r.method(), null, null, caller, clock.instant().truncatedTo(ChronoUnit.MILLIS), Subscription.Billing.NONE,
                r.readerId() == null ? null : new Subscription.Till(r.readerId(), null, 0, null, orderId, 0));
    }

    /** Stripe's side of a recorded subscription (again, after an unclear answer: the same keys, the same objects). */
    public Subscription startAtStripe(Subscription s, Customer customer) {
        if (s.atStripe()) return s;
        String stripeCustomer = prices.customerOf(customer);
        if (s.method() == Subscription.Method.TERMINAL) return till.start(s, stripeCustomer);
        List<BillingGateway.Item> items = prices.itemsOf(s);
        if (s.method() == Subscription.Method.LINK) {
            BillingGateway.Link link = billing.createSubscriptionLink(s, stripeCustomer, items, "uc-" + s.id() + "-session");
            Subscription linked = s.linked(link.checkoutSessionId(), link.url());
            store.recordLink(linked);
            return linked;
        }
        BillingGateway.Started started = billing.createSubscription(s, stripeCustomer, items, "uc-" + s.id() + "-subscription");
        Subscription.Status status = Renewals.statusOf(new BillingGateway.StripeSubscription(started.stripeSubscriptionId(), s.id(), started.status(),
                false, false));
        Subscription recorded = s.started(started.stripeSubscriptionId(), started.clientSecret(), status);
        store.recordStarted(recorded);
        return recorded;
    }

    public Subscription get(String id) {
        return store.subscription(id).orElseThrow(() -> Rejected.notFound("subscription", "subscriptionId", id));
    }

    /** A subscription whose start at Stripe was unclear: started again with the same keys (a client's retry). */
    public Subscription resumeStart(String id) {
        Subscription s = get(id);
        if (s.atStripe()) return s;
        return startAtStripe(s, customers.byId(s.customerId()).orElseThrow());
    }

    public List<Subscription> ofCustomer(String customerId) { return store.ofCustomer(customerId); }

    public SubscriptionStore.Page withStatus(Subscription.Status status, int limit, String next) { return store.withStatus(status, limit, next); }

    /** No charge and no delivery until resumed: Stripe voids the invoices of the periods skipped. */
    public Subscription pause(String id) {
        Subscription s = atStripe(id);
        if (s.status() != Subscription.Status.ACTIVE && s.status() != Subscription.Status.PAST_DUE && s.status() != Subscription.Status.PAUSED) {
            throw Rejected.conflict("subscription-not-active", "Subscription not active", "subscription '" + id + "' is " + s.status()
                    + "; only an active subscription pauses");
        }
        return renewals.follow(s.id(), billing.pauseCollection(s.stripeSubscriptionId(), true), PaymentLedger.Source.NONE).subscription();
    }

    /** Billed and delivered again from the next period. */
    public Subscription resume(String id) {
        Subscription s = atStripe(id);
        return renewals.follow(s.id(), billing.pauseCollection(s.stripeSubscriptionId(), false), PaymentLedger.Source.NONE).subscription();
    }

    /** Ends at the end of the period already paid for (the delivery due is still sent), or {@code immediately}. */
    public Subscription cancel(String id, boolean immediately) {
        Subscription unstarted = get(id);
        if (!unstarted.ended() && unstarted.stripeSubscriptionId() == null && unstarted.method() == Subscription.Method.TERMINAL) {
            Subscription cancelled = till.cancel(unstarted); // the card was never saved: nothing at Stripe bills it
            if (cancelled.stripeSubscriptionId() == null) return cancelled;
            // saved a moment ago: cancelled through Stripe below
        }
        Subscription s = atStripe(id);
        return renewals.follow(s.id(), billing.cancel(s.stripeSubscriptionId(), immediately), PaymentLedger.Source.NONE).subscription();
    }

    private Subscription atStripe(String id) {
        Subscription s = get(id);
        if (s.ended()) throw Rejected.conflict("subscription-ended", "Subscription ended", "subscription '" + id + "' is cancelled");
        if (s.stripeSubscriptionId() == null) {
            throw Rejected.conflict("subscription-not-started", "Subscription not started", "subscription '" + id + "' is not at Stripe yet");
        }
        return s;
    }
}
