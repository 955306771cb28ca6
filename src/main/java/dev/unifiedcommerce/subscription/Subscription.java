package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.PostalAddress;

import java.time.Instant;
import java.util.List;

/**
 * A customer's standing order: these lines every {@code interval}, shipped to {@code shipTo} from
 * {@code fulfilmentLocationId}, billed by Stripe ({@code stripeSubscriptionId}). {@code clientSecret}: what the web shop
 * or app confirms the first payment with (CARD), until it is paid. {@code billing}: what Stripe told us since.
 */
public record Subscription(String id, String customerId, List<Line> lines, Product.Interval interval, String currency, PostalAddress shipTo,
                           String fulfilmentLocationId, Status status, Method method, String stripeSubscriptionId, String clientSecret,
                           String createdBy, Instant createdAt, Billing billing, Till till) {
    public enum Status { PENDING, INCOMPLETE, ACTIVE, PAST_DUE, PAUSED, CANCELLED }

    /** CARD: the shop's payment form; LINK: Stripe's page sent by SMS/chat; TERMINAL: the card tapped on a store's reader. */
    public enum Method { CARD, LINK, TERMINAL }

    /**
     * A subscription started at the till: the store's reader ({@code readerId}) saves the card through a SetupIntent;
     * {@code attempt} counts the times it was handed to a reader (each its own idempotency key); {@code paymentMethodId}:
     * the card Stripe generated from the tap, the subscription's default payment method. {@code orderId}: the till sale whose
     * tap saves the card instead of a SetupIntent (one tap for a sale and a subscription).
     */
    public record Till(String readerId, String setupIntentId, int attempt, String paymentMethodId, String orderId, long handedAt) {
        /** Attempt {@code n} on {@code reader}, handed to it at {@code at} (epoch seconds): reader events made before it are about an earlier one. */
        public Till withAttempt(String reader, int n, long at) { return new Till(reader, setupIntentId, n, paymentMethodId, orderId, at); }
    }

    /** One SKU per delivery at the product's subscription price when subscribed. */
    public record Line(String sku, String name, int quantity, long unitAmount) {}

    /**
     * What Stripe's invoices and events told us. {@code version} counts the changes (each is conditional on the one read);
     * {@code paidInvoiceAt}/{@code failedInvoiceAt}: when the newest paid / failed invoice was made (epoch seconds), so an
     * older event arriving late never undoes a newer one. {@code problem}: why the last payment failed, until one succeeds.
     * {@code checkoutSessionId}/{@code url}: a LINK subscription's Checkout Session.
     */
    public record Billing(long version, long deliveries, String lastOrderId, long paidInvoiceAt, long failedInvoiceAt, String problem,
                          boolean cancelAtPeriodEnd, String checkoutSessionId, String url) {
        public static final Billing NONE = new Billing(0, 0, null, 0, 0, null, false, null, null);
    }

    public Subscription {
        billing = billing == null ? Billing.NONE : billing;
    }

    public Subscription(String id, String customerId, List<Line> lines, Product.Interval interval, String currency, PostalAddress shipTo,
                        String fulfilmentLocationId, Status status, Method method, String stripeSubscriptionId, String clientSecret,
                        String createdBy, Instant createdAt, Billing billing) {
        this(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, status, method, stripeSubscriptionId, clientSecret,
                createdBy, createdAt, billing, null);
    }

    public Subscription(String id, String customerId, List<Line> lines, Product.Interval interval, String currency, PostalAddress shipTo,
                        String fulfilmentLocationId, Status status, Method method, String stripeSubscriptionId, String clientSecret,
                        String createdBy, Instant createdAt) {
        this(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, status, method, stripeSubscriptionId, clientSecret,
                createdBy, createdAt, Billing.NONE, null);
    }

    public long amountPerDelivery() { return lines.stream().mapToLong(l -> l.unitAmount() * l.quantity()).sum(); }

    /** A LINK subscription's Checkout Session, sent to the shopper. */
    public Subscription linked(String checkoutSessionId, String url) {
        var b = billing;
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, Status.INCOMPLETE, method, stripeSubscriptionId,
                clientSecret, createdBy, createdAt, new Billing(b.version(), b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(), b.failedInvoiceAt(),
                b.problem(), b.cancelAtPeriodEnd(), checkoutSessionId, url), till);
    }

    /** The card Stripe generated from the tap, kept with the till's side (part of a change already counted). */
    public Subscription withTillCard(String paymentMethodId) {
        Till t = till == null ? null : new Till(till.readerId(), till.setupIntentId(), till.attempt(), paymentMethodId, till.orderId(), till.handedAt());
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, status, method, stripeSubscriptionId,
                clientSecret, createdBy, createdAt, billing, t);
    }

    /** The till's side, changed (a new attempt on a reader, the card saved): the next version. */
    public Subscription withTill(Till t, String problem) {
        var b = billing;
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, status == Status.PENDING ? Status.INCOMPLETE : status,
                method, stripeSubscriptionId, clientSecret, createdBy, createdAt, new Billing(b.version() + 1, b.deliveries(), b.lastOrderId(),
                b.paidInvoiceAt(), b.failedInvoiceAt(), problem, b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()), t);
    }

    /** Started at Stripe: a subscription (CARD), a Checkout Session that will make one (LINK) or a SetupIntent on a reader (TERMINAL). */
    public boolean atStripe() { return stripeSubscriptionId != null || billing.checkoutSessionId() != null || (till != null && till.setupIntentId() != null); }

    public Subscription started(String stripeId, String secret, Status s) {
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, s, method, stripeId, secret, createdBy, createdAt, billing, till);
    }

    /** The next version of this subscription: {@code s} and {@code b} (its version one up). */
    public Subscription changed(Status s, String stripeId, Billing b) {
        Billing next = new Billing(billing.version() + 1, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(), b.failedInvoiceAt(), b.problem(),
                b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url());
        return new Subscription(id, customerId, lines, interval, currency, shipTo, fulfilmentLocationId, s, method,
                stripeSubscriptionId != null ? stripeSubscriptionId : stripeId, clientSecret, createdBy, createdAt, next, till);
    }

    /** Nothing moves a cancelled subscription again. */
    public boolean ended() { return status == Status.CANCELLED; }
}
