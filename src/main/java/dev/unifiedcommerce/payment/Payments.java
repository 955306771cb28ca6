package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.CustomerStore;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpHandler;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.DiscountUses;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderPaid;
import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Stripe tells us about payments, applied to orders exactly once and only when the money is the order's own.
 * A payment counts when its PaymentIntent is one this order made (card, reader) or the one that paid its payment
 * link, for exactly the order's total in its currency. Ours but wrong (short, over, a second payment): recorded and
 * refunded automatically. Not ours (another integration naming our order): recorded and alerted, never refunded or
 * applied. Orders only move forward: a payment wins over an expiry or a cancellation that came first.
 */
@ApplicationScoped
public class Payments {
    private static final Logger LOG = Logger.getLogger(Payments.class);
    private static final Set<Order.Status> SETTLED = Set.of(Order.Status.PAID, Order.Status.REFUNDED, Order.Status.NEEDS_ATTENTION);

    public enum Outcome { APPLIED, ALREADY_APPLIED, NOT_OURS, NO_CHANGE }

    /**
     * Money Stripe reports received: the intent, the order its metadata names, the amount, and for a payment link the
     * Checkout Session that reported it ({@code checkoutSessionId} null when the intent itself reported it).
     */
    public record Received(String paymentIntentId, String orderId, Money amount, String checkoutSessionId, String how) {}

    private enum Ownership { OURS, NOT_OURS, NOT_RECORDED_YET }

    private final OrderStore orders;
    private final Inventory inventory;
    private final Loyalty loyalty;
    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final PaymentIssues issues;
    private final FollowUpStore followUps;
    private final FollowUps outbox;
    private final Clock clock;

    private final DiscountUses uses;
    /** Whose card is whose (a tap that vouches for the customer is checked against it). */
    private final CustomerStore cards;

    public Payments(OrderStore orders, Inventory inventory, Loyalty loyalty, PaymentGateway gateway, PaymentLedger ledger, MoneyTransactions money,
                    PaymentIssues issues, FollowUpStore followUps, FollowUps outbox, Clock clock, DiscountUses uses, CustomerStore cards) {
        this.uses = uses;
        this.cards = cards;
        this.followUps = followUps;
        this.outbox = outbox;
        this.orders = orders;
        this.inventory = inventory;
        this.loyalty = loyalty;
        this.gateway = gateway;
        this.ledger = ledger;
        this.money = money;
        this.issues = issues;
        this.clock = clock;
    }

    /** A payment succeeded (payment_intent.succeeded, a paid checkout.session): PAID, stock committed, points earned. */
    public Outcome paymentSucceeded(Received p, PaymentLedger.Source source) {
        return Contention.retry("order '" + p.orderId() + "'", attempt -> {
            DiscountUses.SpentMeanwhile spentMeanwhile = null;
            Order order = p.orderId() == null ? null : orders.order(p.orderId()).orElse(null);
            if (order == null || p.paymentIntentId() == null) return Optional.of(mark(source, Outcome.NOT_OURS));
            switch (ownership(order, p.paymentIntentId(), p.checkoutSessionId())) {
                case NOT_OURS -> { return Optional.of(foreign(order, p, source)); }
                case NOT_RECORDED_YET -> throw notRecordedYet(order);
                case OURS -> { }
            }
            if (SETTLED.contains(order.status())) {
                if (p.paymentIntentId().equals(order.payment().paymentIntentId())) return Optional.of(mark(source, Outcome.ALREADY_APPLIED));
                return Optional.of(refundMismatch(order, p, source, "a second payment (" + amount(p.amount()) + ") of an order already paid by "
                        + order.payment().paymentIntentId()));
            }
            if (!order.total().equals(p.amount())) {
                return Optional.of(refundMismatch(order, p, source, amount(p.amount()) + " received for an order of " + amount(order.total())));
            }
            try {
                // staff vouched for the customer by the card to be tapped: this payment's card must be theirs
                if (order.vouch() != null && order.vouch().how() == Vouch.How.CARD && !paidByTheCustomersCard(order, p.paymentIntentId())) {
                    return Optional.of(cardNotTheCustomers(order, p, source));
                }
                Writes paid = orders.paidWrites(order.id(), order.status(), Order.Status.PAID, p.paymentIntentId(),
                                new TimelineEntry(clock.instant(), TimelineEntry.Type.PAID, order.channel().name(),
                                        amount(p.amount()) + " by PaymentIntent " + p.paymentIntentId() + " (" + p.how() + ")"),
                                order.customerId() == null ? 0 : loyalty.earned(order.total()))
                        .and(ledger.paymentWrites(new PaymentLedger.AppliedPayment(p.paymentIntentId(), order.id(), p.amount().amount(),
                                PaymentLedger.Booking.PAID)))
                        .and(ledger.eventWrites(source))
                        // an order that ended unpaid gave its code's use and points back; paid after all, it spends them again
                        .and(order.status() == Order.Status.AWAITING_PAYMENT ? loyalty.earn(order.customerId(), order.id(), order.total())
                                : uses.retake(order, loyalty.earnedEntry(order.id(), order.total())));
                switch (attempt == 0 ? inventory.finishHeldOf(order.id(), order.reservationId(), order.heldLines(), Reservation.Status.COMMITTED, paid)
                        : inventory.finishHeld(order.reservationId(), Reservation.Status.COMMITTED, paid)) {
                    case Inventory.Finish.Finished done -> {
                        announcePaid(order);
                        return Optional.of(Outcome.APPLIED);
                    }
                    case Inventory.Finish.NotHeld n when n.reservation().status() == Reservation.Status.COMMITTED -> {
                        return Optional.empty(); // paid a moment ago, by this intent or another of ours: the order says which
                    }
                    case Inventory.Finish.NotHeld gone -> {
                        // The hold ran out (or the order was cancelled) before the money arrived: hold the stock again if we can.
                        if (!holdAgain(order, gone.reservation())) {
                            needsAttention(order, p, source);
                            return Optional.of(Outcome.APPLIED);
                        }
                    }
                }
            } catch (DiscountUses.SpentMeanwhile gone) {
                // paid after it ended: its code's use or its points went to someone (something) else meanwhile
                spentMeanwhile = gone;
            } catch (AlreadyRecorded seen) {
                return Optional.of(seen.what() == AlreadyRecorded.What.EVENT ? Outcome.NO_CHANGE : mark(source, Outcome.ALREADY_APPLIED));
            } catch (OrderStateChanged raced) {
                // the order moved under us (another event, the Sweeper): look again
            } catch (Rejected raced) {
                if (raced.kind() != Rejected.Kind.CONFLICT) throw raced;
            }
            if (spentMeanwhile != null) {
                Order now = orders.order(order.id()).orElse(order);
                try {
                    return Optional.of(refundWhole(now, p, source, spentMeanwhile.reason(), spentMeanwhile.getMessage()));
                } catch (AlreadyRecorded seen) {
                    return Optional.of(seen.what() == AlreadyRecorded.What.EVENT ? Outcome.NO_CHANGE : mark(source, Outcome.ALREADY_APPLIED));
                } catch (OrderStateChanged raced) {
                    // another delivery decided it a moment ago: look again
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Whether a PaymentIntent is this order's own. A payment link's intent is made by Stripe when the shopper pays, so
     * it is known from the session that reports it, or read back from the order's session once.
     */
    private Ownership ownership(Order order, String paymentIntentId, String reportedBySession) {
        if (reportedBySession != null) return reportedBySession.equals(order.payment().checkoutSessionId()) ? Ownership.OURS : Ownership.NOT_OURS;
        if (order.payment().owns(paymentIntentId)) return Ownership.OURS;
        if (!order.payment().started()) {
            // Our payment start is still owed (a checkout answering, or one the FollowUps function will record): it may be
            // ours. Once nothing is owed, an intent the order never recorded is not ours.
            return followUps.followUp(Checkout.startFollowUpId(order.id())).isPresent() ? Ownership.NOT_RECORDED_YET : Ownership.NOT_OURS;
        }
        if (order.payment().checkoutSessionId() != null
                && paymentIntentId.equals(gateway.checkoutSession(order.payment().checkoutSessionId()).paymentIntentId())) {
            return Ownership.OURS;
        }
        return Ownership.NOT_OURS;
    }

    /**
     * The order's payment was started at Stripe but our record of it is not written yet (a checkout still answering, or
     * one that crashed and will be resumed): we cannot tell ours from another's, so Stripe is asked to deliver again.
     */
    private static Rejected notRecordedYet(Order order) {
        return Rejected.unavailable("order '" + order.id() + "' has no recorded payment yet; deliver again later", 60);
    }

    /** Another integration's PaymentIntent names our order: recorded and alerted; never applied, never refunded by us. */
    private Outcome foreign(Order order, Received p, PaymentLedger.Source source) {
        String detail = "PaymentIntent " + p.paymentIntentId() + " (" + amount(p.amount()) + ") names this order but was not made for it"
                + "; not applied and not refunded: check the integration that made it";
        try {
            money.commit(issues.foreign(order, p.paymentIntentId(), p.amount(), detail).and(ledger.eventWrites(source)));
        } catch (AlreadyRecorded seen) {
            return Outcome.NO_CHANGE;
        } catch (PaymentIssueStore.IssueExists reported) {
            return mark(source, Outcome.NOT_OURS); // the same intent reported again by another event: one issue, one alert
        }
        issues.alert(PaymentIssue.Kind.MISMATCH, order, p.paymentIntentId(), detail);
        return Outcome.NOT_OURS;
    }

    /** Our own PaymentIntent, but money the order cannot take: booked as a mismatch, then given back at Stripe. */
    private Outcome refundMismatch(Order order, Received p, PaymentLedger.Source source, String what) {
        String detail = what + "; refunding automatically";
        try {
            money.commit(issues.mismatch(order, p.paymentIntentId(), p.amount(), detail)
                    .and(ledger.paymentWrites(new PaymentLedger.AppliedPayment(p.paymentIntentId(), order.id(), p.amount().amount(),
                            PaymentLedger.Booking.MISMATCH)))
                    .and(followUps.owedWrites(automaticRefund(order, p.paymentIntentId(), "payment_mismatch")))
                    .and(ledger.eventWrites(source)));
        } catch (AlreadyRecorded seen) {
            return seen.what() == AlreadyRecorded.What.EVENT ? Outcome.NO_CHANGE : mark(source, Outcome.ALREADY_APPLIED);
        } catch (PaymentIssueStore.IssueExists reported) {
            return mark(source, Outcome.ALREADY_APPLIED);
        }
        issues.alert(PaymentIssue.Kind.MISMATCH, order, p.paymentIntentId(), detail);
        refundAutomatically(order.id(), p.paymentIntentId(), "payment_mismatch", Map.of());
        return Outcome.APPLIED;
    }

    private Event<OrderPaid> paidOrders;

    @Inject
    void wire(Event<OrderPaid> paidOrders) { this.paidOrders = paidOrders; }

    /** Tells whoever settles what a paid order took (a visit's remaining items); their failure never undoes the payment. */
    private void announcePaid(Order order) {
        if (paidOrders == null || order.visitId() == null) return;
        try {
            paidOrders.fire(new OrderPaid(order.withStatus(Order.Status.PAID)));
        } catch (RuntimeException e) {
            LOG.warnf("order %s is paid; settling what it took failed (%s): it settles itself when that hold runs out", order.id(), e.getClass().getSimpleName());
        }
    }

    private boolean holdAgain(Order order, Reservation old) {
        try {
            // the catalog is not checked again: the shopper paid for what was on sale when they ordered
            inventory.holdPaidFor(order.createdBy(), order.id(), order.heldLines(),
                    Duration.ofMinutes(15), fresh -> orders.holdSwapWrites(order.id(), old.id(), fresh.id()));
            orders.append(order.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.STOCK_HELD_AGAIN, null, "payment arrived after the hold ran out; stock held again"));
            return true;
        } catch (InsufficientStock gone) {
            return false;
        }
    }

    /** Whether the card that paid {@code paymentIntentId} is one linked to the order's customer (Stripe read back once). */
    private boolean paidByTheCustomersCard(Order order, String paymentIntentId) {
        return gateway.cardFingerprint(paymentIntentId).flatMap(cards::provenCardOwner).filter(order.customerId()::equals).isPresent();
    }

    /** The card tapped to vouch for the customer is not theirs: nothing of theirs is spent, and the payment goes back. */
    private Outcome cardNotTheCustomers(Order order, Received p, PaymentLedger.Source source) {
        return refundWhole(order, p, source, "card_not_the_customers",
                "paid with a card that is not the customer's, whose tap was to prove who they are");
    }

    /**
     * A payment the order cannot keep though it is its own (its discount is no longer there to spend, its proof failed):
     * the order needs attention with a payment issue saying why, the stock it holds is given back (an unpaid order's code
     * use and points too), all in one transaction, and the whole payment is refunded automatically.
     */
    private Outcome refundWhole(Order order, Received p, PaymentLedger.Source source, String reason, String why) {
        String detail = amount(p.amount()) + " " + why + "; refunding automatically";
        Writes attention = orders.paidWrites(order.id(), order.status(), Order.Status.NEEDS_ATTENTION, p.paymentIntentId(),
                        new TimelineEntry(clock.instant(), TimelineEntry.Type.NEEDS_ATTENTION, null, detail), 0)
                .and(order.status() == Order.Status.AWAITING_PAYMENT ? uses.giveBack(order) : Writes.none())
                .and(issues.mismatch(order, p.paymentIntentId(), p.amount(), detail))
                .and(ledger.paymentWrites(new PaymentLedger.AppliedPayment(p.paymentIntentId(), order.id(), p.amount().amount(),
                        PaymentLedger.Booking.NEEDS_ATTENTION)))
                .and(followUps.owedWrites(automaticRefund(order, p.paymentIntentId(), reason)))
                .and(ledger.eventWrites(source));
        try {
            if (order.reservationId() == null
                    || inventory.finishHeld(order.reservationId(), Reservation.Status.RELEASED, attention) instanceof Inventory.Finish.NotHeld) {
                money.commit(attention); // its hold had ended already: nothing to give back
            }
        } catch (PaymentIssueStore.IssueExists reported) {
            return mark(source, Outcome.ALREADY_APPLIED);
        }
        issues.alert(PaymentIssue.Kind.MISMATCH, order, p.paymentIntentId(), detail);
        refundAutomatically(order.id(), p.paymentIntentId(), reason, Map.of());
        return Outcome.APPLIED;
    }

    private void needsAttention(Order order, Received p, PaymentLedger.Source source) {
        TimelineEntry entry = new TimelineEntry(clock.instant(), TimelineEntry.Type.NEEDS_ATTENTION, null,
                "paid " + amount(p.amount()) + " after the hold ran out and the stock was sold; refunding automatically");
        money.commit(orders.paidWrites(order.id(), order.status(), Order.Status.NEEDS_ATTENTION, p.paymentIntentId(), entry, 0)
                // the money goes back, so the code's use does too (an order that had ended unpaid gave it back already)
                .and(order.status() == Order.Status.AWAITING_PAYMENT ? uses.giveBack(order) : Writes.none())
                .and(ledger.paymentWrites(new PaymentLedger.AppliedPayment(p.paymentIntentId(), order.id(), p.amount().amount(),
                        PaymentLedger.Booking.NEEDS_ATTENTION)))
                .and(followUps.owedWrites(automaticRefund(order, p.paymentIntentId(), "stock_unavailable")))
                .and(ledger.eventWrites(source)));
        refundAutomatically(order.id(), p.paymentIntentId(), "stock_unavailable", Map.of());
    }

    /** Owed in the same transaction that decided it: the whole of this intent goes back to the shopper. */
    private FollowUp automaticRefund(Order order, String paymentIntentId, String reason) {
        return FollowUp.owed(FollowUp.Kind.AUTOMATIC_REFUND, paymentIntentId, Map.of("orderId", order.id(), "paymentIntentId", paymentIntentId,
                "reason", reason, "firstSentAt", clock.instant().toString()), clock.instant(), outbox.firstDue());
    }

    /**
     * Gives a whole PaymentIntent back (money that never became the order's). Stripe's refunds of the intent are read
     * first when a previous answer was lost, so it is refunded once; the same key is used while Stripe replays it.
     */
    public FollowUpHandler.Result refundAutomatically(String orderId, String paymentIntentId, String reason, Map<String, String> data) {
        String id = FollowUp.owed(FollowUp.Kind.AUTOMATIC_REFUND, paymentIntentId, Map.of(), Instant.EPOCH, Instant.EPOCH).id();
        int generation = Integer.parseInt(data.getOrDefault("generation", "0"));
        if (data.containsKey("firstSentAt")) { // a later attempt: did an earlier one reach Stripe after all?
            var made = gateway.refundsOf(paymentIntentId).stream().filter(r -> r.metadata() != null && "true".equals(r.metadata().get("automatic"))
                    && !r.status().ended()).findFirst();
            if (made.isPresent()) {
                followUps.done(id);
                return new FollowUpHandler.Result.Done("Stripe has refund " + made.get().stripeRefundId());
            }
            boolean stale = Instant.parse(data.get("firstSentAt")).isBefore(clock.instant().minus(Duration.ofHours(23)));
            if ("true".equals(data.get("serverError")) || stale) {
                generation++;
                data = new HashMap<>(data);
                data.put("firstSentAt", clock.instant().toString()); // a new key is fresh for another 23 hours
                data.remove("serverError");
            }
        }
        String key = "uc-" + paymentIntentId + "-automatic-refund" + (generation == 0 ? "" : "-" + generation);
        try {
            var refund = gateway.refund(paymentIntentId, null, "requested_by_customer", key,
                    Map.of("orderId", orderId, "reason", reason, "automatic", "true"));
            orders.append(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_REQUESTED, null,
                    "automatic refund of PaymentIntent " + paymentIntentId + ": " + refund.stripeRefundId() + " (" + refund.status().word() + ")"));
            followUps.done(id);
            return new FollowUpHandler.Result.Done("refunded " + refund.stripeRefundId());
        } catch (StripeFailed e) {
            LOG.warnf("order %s: automatic refund of %s failed: %s", orderId, paymentIntentId, e.getMessage());
            orders.append(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.REFUND_FAILED, null, e.getMessage()
                    + (e.definite() ? "; the payment issue stays open for staff" : "; retried automatically")));
            if (e.definite()) {
                followUps.done(id); // Stripe will not refund it (disputed, refunded elsewhere): people take it from the open issue
                return new FollowUpHandler.Result.Done("Stripe refused: " + e.getMessage());
            }
            Map<String, String> next = new HashMap<>(Map.of("orderId", orderId, "paymentIntentId", paymentIntentId, "reason", reason,
                    "generation", Integer.toString(generation),
                    "firstSentAt", data.getOrDefault("firstSentAt", clock.instant().toString())));
            if (e.serverError()) next.put("serverError", "true");
            return new FollowUpHandler.Result.Retry(e.getMessage(), next);
        }
    }

    /** Where a PaymentIntent stands at Stripe (read back). */
    public IntentStatus intentStatus(String paymentIntentId) { return gateway.paymentIntent(paymentIntentId).status(); }

    /** Whether this PaymentIntent's money is booked on an order (as paid, or for attention, or as a mismatch). */
    public boolean applied(String paymentIntentId) { return ledger.payment(paymentIntentId).isPresent(); }

    /** payment_intent.payment_failed for the order's own intent: the shopper may try again until the hold runs out. */
    public Outcome paymentFailed(String orderId, String paymentIntentId, String message, PaymentLedger.Source source) {
        Order order = ownOrder(orderId, paymentIntentId);
        if (order == null) return mark(source, Outcome.NOT_OURS);
        try {
            money.commit(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_FAILED, null,
                    (message == null ? "payment failed" : message) + " (PaymentIntent " + paymentIntentId + "); the hold stays until it expires"))
                    .and(ledger.eventWrites(source)));
            return Outcome.APPLIED;
        } catch (AlreadyRecorded seen) {
            return Outcome.NO_CHANGE;
        }
    }

    /** payment_intent.canceled for the order's own intent: the order ends unpaid and its stock is for sale again. */
    public Outcome paymentCanceled(String orderId, String paymentIntentId, PaymentLedger.Source source) {
        Order order = ownOrder(orderId, paymentIntentId);
        if (order == null) return mark(source, Outcome.NOT_OURS);
        return endUnpaid(order, Order.Status.CANCELLED, "the payment was cancelled; stock released", source);
    }

    /** checkout.session.expired for the order's own session. */
    public Outcome linkExpired(String orderId, String checkoutSessionId, PaymentLedger.Source source) {
        Order order = orderId == null ? null : orders.order(orderId).orElse(null);
        if (order == null || checkoutSessionId == null || !checkoutSessionId.equals(order.payment().checkoutSessionId())) {
            return mark(source, Outcome.NOT_OURS);
        }
        return endUnpaid(order, Order.Status.EXPIRED, "the payment link expired unpaid; stock released", source);
    }

    private Order ownOrder(String orderId, String paymentIntentId) {
        Order order = orderId == null ? null : orders.order(orderId).orElse(null);
        if (order == null || paymentIntentId == null) return null;
        return ownership(order, paymentIntentId, null) == Ownership.OURS ? order : null;
    }

    private Outcome endUnpaid(Order given, Order.Status to, String why, PaymentLedger.Source source) {
        return Contention.retry("order '" + given.id() + "'", attempt -> {
            Order order = attempt == 0 ? given : orders.order(given.id()).orElseThrow();
            if (order.status() != Order.Status.AWAITING_PAYMENT) return Optional.of(mark(source, Outcome.NO_CHANGE));
            Writes end = orders.transitionWrites(order.id(), Order.Status.AWAITING_PAYMENT, to, new TimelineEntry(clock.instant(), TimelineEntry.Type.ended(to), null, why))
                    .and(uses.giveBack(order)) // ended unpaid: its code's use comes back, with the transition, once
                    .and(ledger.eventWrites(source));
            try {
                if (inventory.finishHeld(order.reservationId(), Reservation.Status.RELEASED, end) instanceof Inventory.Finish.NotHeld) {
                    money.commit(end);
                }
                return Optional.of(Outcome.APPLIED);
            } catch (AlreadyRecorded seen) {
                return Optional.of(Outcome.NO_CHANGE);
            } catch (OrderStateChanged raced) {
                // paid meanwhile (PAID wins) or already ended: look again
            }
            return Optional.empty();
        });
    }

    private Outcome mark(PaymentLedger.Source source, Outcome outcome) {
        return money.markProcessed(source) ? outcome : Outcome.NO_CHANGE;
    }

    private static String amount(Money m) { return m.amount() + " " + m.currency(); }
}
