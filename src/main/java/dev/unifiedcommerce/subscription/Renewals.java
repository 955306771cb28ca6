package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.order.LargestRemainder;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.payment.AlreadyRecorded;
import dev.unifiedcommerce.payment.MoneyTransactions;
import dev.unifiedcommerce.payment.PaymentLedger;
import dev.unifiedcommerce.payment.Payments;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What Stripe Billing tells us about a subscription, applied once and in any order. A paid invoice is a delivery: an
 * order of channel SUBSCRIPTION, PAID, its goods sent from the fulfilment location at once (or BACKORDERED when there
 * are none), points earned, all in one transaction with the invoice's marker, so the same invoice never ships twice
 * whichever event (or how many at once) reports it. A failed one makes the subscription PAST_DUE; a change at Stripe is
 * read back from Stripe, so events arriving out of order still leave Stripe's current state.
 */
@ApplicationScoped
public class Renewals {
    private static final Logger LOG = Logger.getLogger(Renewals.class);

    private final SubscriptionStore store;
    private final Transactions transactions;
    private final BillingGateway billing;
    private final OrderStore orders;
    private final Inventory inventory;
    private final Loyalty loyalty;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Clock clock;

    public Renewals(SubscriptionStore store, Transactions transactions, BillingGateway billing, OrderStore orders, Inventory inventory, Loyalty loyalty, PaymentLedger ledger, MoneyTransactions money,
                    Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.billing = billing;
        this.orders = orders;
        this.inventory = inventory;
        this.loyalty = loyalty;
        this.ledger = ledger;
        this.money = money;
        this.clock = clock;
    }

    /**
     * The PaymentIntent that paid an invoice, asked of Stripe at most once however often the delivery is tried: it lets a
     * refund of the delivery reach the money, and newer shapes only list it with the invoice.
     */
    private final class IntentOf {
        private final Invoice invoice;
        private String id;
        private boolean read;

        IntentOf(Invoice invoice) { this.invoice = invoice; }

        String get() {
            if (!read) {
                id = invoice.paymentIntentId() != null || invoice.amount().amount() == 0 ? invoice.paymentIntentId()
                        : billing.invoicePaymentIntent(invoice.id());
                read = true;
            }
            return id;
        }
    }

    /** invoice.paid: one delivery per invoice. */
    public Payments.Outcome invoicePaid(Invoice invoice, PaymentLedger.Source source) {
        IntentOf intentOf = new IntentOf(invoice);
        return Contention.retry("the subscription of invoice '" + invoice.id() + "'", () -> {
            Subscription s = subscriptionOf(invoice).orElse(null);
            if (s == null) return Optional.of(mark(source, Payments.Outcome.NOT_OURS));
            String intent = intentOf.get();
            Order order = delivery(s, invoice, intent);
            Writes stock;
            try {
                // deliveries already waiting there go first: a new one waits behind them (the FollowUps pass ships in order)
                if (store.waitingAt(s.fulfilmentLocationId()) > 0) throw new InsufficientStock(List.of());
                stock = inventory.shipWrites(order.heldLines());
            } catch (InsufficientStock none) {
                stock = Writes.none(); // paid all the same: it ships when stock arrives (Backorders), never oversold
                order = backordered(order);
            }
            Writes writes = store.invoiceWrites(s.id(), invoice.id(), order.id())
                    .and(orders.createWrites(order, new TimelineEntry(order.createdAt(), TimelineEntry.Type.PAID, Order.Channel.SUBSCRIPTION.name(),
                            order.total().amount() + " " + order.total().currency() + " by invoice " + invoice.id() + " of subscription " + s.id()
                                    + (intent == null ? "" : " (PaymentIntent " + intent + ")")
                                    + (order.fulfilment().status() == Order.FulfilmentStatus.BACKORDERED ? "; backordered: no stock at "
                                    + order.fulfilment().locationId() : ""))))
                    .and(stock)
                    .and(order.fulfilment().status() == Order.FulfilmentStatus.BACKORDERED ? store.backorderWrites(s.fulfilmentLocationId(), 1) : Writes.none())
                    .and(loyalty.earn(s.customerId(), order.id(), order.total()))
                    .and(intent == null ? Writes.none() : ledger.paymentWrites(new PaymentLedger.AppliedPayment(intent, order.id(),
                            invoice.amount().amount(), PaymentLedger.Booking.PAID)))
                    .and(ledger.eventWrites(source))
                    .and(store.changeWrites(s, paid(s, invoice, order)));
            try {
                transactions.commit(writes);
                LOG.infof("subscription %s: invoice %s delivered as order %s (%s)", s.id(), invoice.id(), order.id(), order.fulfilment().status());
                return Optional.of(Payments.Outcome.APPLIED);
            } catch (Refused failed) {
                if (!failed.conditions(SubscriptionStore.InvoiceDelivered.class).isEmpty()) return Optional.of(mark(source, Payments.Outcome.ALREADY_APPLIED));
                var markers = failed.conditions(AlreadyRecorded.What.class);
                if (markers.contains(AlreadyRecorded.What.EVENT)) return Optional.of(Payments.Outcome.NO_CHANGE);
                if (markers.contains(AlreadyRecorded.What.PAYMENT)) {
                    LOG.errorf("invoice %s: PaymentIntent %s is already booked on another order; not delivered", invoice.id(), intent);
                    return Optional.of(mark(source, Payments.Outcome.NO_CHANGE));
                }
                // the subscription or the stock changed since they were read: read again
            }
            return Optional.empty();
        });
    }

    /** invoice.payment_failed: PAST_DUE (a first invoice: still INCOMPLETE), with why, unless a later period was paid. */
    public Payments.Outcome invoiceFailed(Invoice invoice, String why, PaymentLedger.Source source) {
        return Contention.retry("the subscription of invoice '" + invoice.id() + "'", () -> {
            Subscription s = subscriptionOf(invoice).orElse(null);
            if (s == null) return Optional.of(mark(source, Payments.Outcome.NOT_OURS));
            var b = s.billing();
            // this invoice (or a later period's) was paid already: the failure is old news
            if (s.ended() || invoice.periodStart() <= b.paidInvoiceAt() && b.paidInvoiceAt() > 0) return Optional.of(mark(source, Payments.Outcome.NO_CHANGE));
            Subscription.Status to = switch (s.status()) {
                case PENDING, INCOMPLETE -> Subscription.Status.INCOMPLETE;
                case ACTIVE, PAST_DUE -> invoice.first() ? Subscription.Status.INCOMPLETE : Subscription.Status.PAST_DUE;
                case PAUSED, CANCELLED -> s.status();
            };
            String problem = (why == null ? "the payment failed" : why) + " (invoice " + invoice.id() + ", attempt " + Math.max(1, invoice.attempt()) + ")";
            Subscription next = s.changed(to, invoice.stripeSubscriptionId(), new Subscription.Billing(0, b.deliveries(), b.lastOrderId(),
                    b.paidInvoiceAt(), Math.max(b.failedInvoiceAt(), invoice.periodStart()), problem, b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()));
            try {
                transactions.commit(store.changeWrites(s, next).and(ledger.eventWrites(source)));
                LOG.infof("subscription %s: invoice %s failed, now %s", s.id(), invoice.id(), to);
                return Optional.of(Payments.Outcome.APPLIED);
            } catch (Refused failed) {
                if (failed.conditions(AlreadyRecorded.What.class).contains(AlreadyRecorded.What.EVENT)) return Optional.of(Payments.Outcome.NO_CHANGE);
            }
            return Optional.empty();
        });
    }

    /**
     * customer.subscription.*: Stripe's subscription is read back (an event may be older than another already applied)
     * and ours follows it.
     */
    public Payments.Outcome subscriptionChanged(String stripeSubscriptionId, PaymentLedger.Source source) {
        var now = billing.subscription(stripeSubscriptionId);
        if (now.subscriptionId() == null || store.subscription(now.subscriptionId()).isEmpty()) return mark(source, Payments.Outcome.NOT_OURS);
        return follow(now.subscriptionId(), now, source).changed() ? Payments.Outcome.APPLIED : mark(source, Payments.Outcome.NO_CHANGE);
    }

    /** checkout.session.expired for a LINK subscription never paid: it is CANCELLED (nothing was ever billed). */
    public Payments.Outcome linkExpired(String subscriptionId, String checkoutSessionId, PaymentLedger.Source source) {
        return Contention.retry("subscription '" + subscriptionId + "'", () -> {
            Subscription s = subscriptionId == null ? null : store.subscription(subscriptionId).orElse(null);
            if (s == null || checkoutSessionId == null || !checkoutSessionId.equals(s.billing().checkoutSessionId())) return Optional.of(mark(source, Payments.Outcome.NOT_OURS));
            // paid after all (its subscription known), or ended already: nothing to do
            if (s.stripeSubscriptionId() != null || s.ended()) return Optional.of(mark(source, Payments.Outcome.NO_CHANGE));
            var b = s.billing();
            Subscription next = s.changed(Subscription.Status.CANCELLED, null, new Subscription.Billing(0, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(),
                    b.failedInvoiceAt(), "the payment link expired unpaid", b.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()));
            try {
                transactions.commit(store.changeWrites(s, next).and(ledger.eventWrites(source)));
                return Optional.of(Payments.Outcome.APPLIED);
            } catch (Refused failed) {
                if (failed.conditions(AlreadyRecorded.What.class).contains(AlreadyRecorded.What.EVENT)) return Optional.of(Payments.Outcome.NO_CHANGE);
            }
            return Optional.empty();
        });
    }

    public record Followed(Subscription subscription, boolean changed) {}

    /** Ours takes Stripe's status and period-end cancellation (a cancelled one stays cancelled), with the event's marker. */
    public Followed follow(String subscriptionId, BillingGateway.StripeSubscription answered, PaymentLedger.Source source) {
        return Contention.retry("subscription '" + subscriptionId + "'", attempt -> {
            Subscription s = store.subscription(subscriptionId).orElseThrow();
            // ours changed since Stripe was read: read Stripe again after ours, so a slower, older answer never wins
            BillingGateway.StripeSubscription now = attempt == 0 ? answered : billing.subscription(answered.id());
            if (s.stripeSubscriptionId() != null && !s.stripeSubscriptionId().equals(now.id())) {
                return Optional.of(new Followed(s, false)); // another Stripe subscription naming ours (made elsewhere): not the one billed
            }
            Subscription.Status to = s.ended() ? Subscription.Status.CANCELLED : statusOf(now);
            if (to == s.status() && now.cancelAtPeriodEnd() == s.billing().cancelAtPeriodEnd() && now.id().equals(s.stripeSubscriptionId())) {
                return Optional.of(new Followed(s, false));
            }
            var b = s.billing();
            Subscription next = s.changed(to, now.id(), new Subscription.Billing(0, b.deliveries(), b.lastOrderId(), b.paidInvoiceAt(),
                    b.failedInvoiceAt(), to == Subscription.Status.ACTIVE ? null : b.problem(), now.cancelAtPeriodEnd(), b.checkoutSessionId(), b.url()));
            try {
                transactions.commit(store.changeWrites(s, next).and(ledger.eventWrites(source)));
                LOG.infof("subscription %s: %s at Stripe, now %s", s.id(), now.status().word(), to);
                return Optional.of(new Followed(next, true));
            } catch (Refused failed) {
                if (failed.conditions(AlreadyRecorded.What.class).contains(AlreadyRecorded.What.EVENT)) return Optional.of(new Followed(s, false));
            }
            return Optional.empty();
        });
    }

    /** Ours, as Stripe names it: collection paused reads PAUSED; incomplete_expired (never paid) and canceled, CANCELLED. */
    public static Subscription.Status statusOf(BillingGateway.StripeSubscription s) {
        return switch (s.status()) {
            case CANCELED, INCOMPLETE_EXPIRED -> Subscription.Status.CANCELLED;
            case PAUSED -> Subscription.Status.PAUSED;
            case ACTIVE, TRIALING -> s.collectionPaused() ? Subscription.Status.PAUSED : Subscription.Status.ACTIVE;
            case PAST_DUE, UNPAID -> s.collectionPaused() ? Subscription.Status.PAUSED : Subscription.Status.PAST_DUE;
            case INCOMPLETE, UNKNOWN -> Subscription.Status.INCOMPLETE;
        };
    }

    private Optional<Subscription> subscriptionOf(Invoice invoice) {
        if (invoice.subscriptionId() != null) {
            var s = store.subscription(invoice.subscriptionId());
            // our id on someone else's subscription (metadata is free text) is not ours
            if (s.isPresent() && (s.get().stripeSubscriptionId() == null || invoice.stripeSubscriptionId() == null
                    || s.get().stripeSubscriptionId().equals(invoice.stripeSubscriptionId()))) return s;
            if (s.isPresent()) return Optional.empty();
        }
        if (invoice.stripeSubscriptionId() == null) return Optional.empty();
        // an invoice whose shape does not carry the subscription's metadata: the subscription names ours
        var stripe = billing.subscription(invoice.stripeSubscriptionId());
        return stripe.subscriptionId() == null ? Optional.empty() : store.subscription(stripe.subscriptionId())
                .filter(s -> s.stripeSubscriptionId() == null || s.stripeSubscriptionId().equals(stripe.id()));
    }

    /** The delivery an invoice pays for: the subscription's lines from its warehouse, at what the invoice charged. */
    private Order delivery(Subscription s, Invoice invoice, String intent) {
        List<Order.Line> lines = s.lines().stream().map(l -> new Order.Line(l.sku(), l.name(), l.quantity(), l.unitAmount(), s.fulfilmentLocationId(), 0))
                .toList();
        long gross = lines.stream().mapToLong(Order.Line::gross).sum();
        // money agrees with Stripe: the order is what the invoice charged; a lower charge (a coupon at Stripe) is spread over
        // the lines so a refund by lines gives back what was paid. (A higher one, e.g. tax, stays on the order's total.)
        if (invoice.amount().amount() < gross) lines = LargestRemainder.split(gross - invoice.amount().amount(), lines);
        var payment = new Order.Payment(Order.PaymentMethod.CARD, intent, null, null, null, null, null, intent == null ? Set.of() : Set.of(intent));
        return new Order(Ids.newId("ord"), Order.Channel.SUBSCRIPTION, Order.Status.PAID,
                new Order.Fulfilment(Order.Fulfilment.Type.SHIP, s.fulfilmentLocationId(), Order.FulfilmentStatus.NONE), lines, List.of(), invoice.amount(),
                0, s.customerId(), null, payment, s.createdBy(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                loyalty.earned(invoice.amount()), null, s.shipTo(), s.id());
    }

    private static Order backordered(Order o) {
        return new Order(o.id(), o.channel(), o.status(), new Order.Fulfilment(o.fulfilment().type(), o.fulfilment().locationId(),
                Order.FulfilmentStatus.BACKORDERED), o.lines(), o.discounts(), o.total(), o.refunded(), o.customerId(), o.reservationId(), o.payment(),
                o.createdBy(), o.createdAt(), o.pointsEarned(), o.visitId(), o.shipTo(), o.subscriptionId(), o.vouch());
    }

    /** After a paid invoice: ACTIVE, unless it ended or was paused, or a later period's invoice failed since. */
    private static Subscription paid(Subscription s, Invoice invoice, Order order) {
        var b = s.billing();
        boolean latest = invoice.periodStart() >= b.failedInvoiceAt();
        Subscription.Status to = switch (s.status()) {
            case CANCELLED, PAUSED -> s.status();
            case PAST_DUE -> latest ? Subscription.Status.ACTIVE : Subscription.Status.PAST_DUE;
            case PENDING, INCOMPLETE, ACTIVE -> Subscription.Status.ACTIVE;
        };
        return s.changed(to, invoice.stripeSubscriptionId(), new Subscription.Billing(0, b.deliveries() + 1, order.id(),
                Math.max(b.paidInvoiceAt(), invoice.periodStart()), b.failedInvoiceAt(), latest ? null : b.problem(), b.cancelAtPeriodEnd(),
                b.checkoutSessionId(), b.url()));
    }

    private Payments.Outcome mark(PaymentLedger.Source source, Payments.Outcome outcome) {
        return money.markProcessed(source) ? outcome : Payments.Outcome.NO_CHANGE;
    }
}
