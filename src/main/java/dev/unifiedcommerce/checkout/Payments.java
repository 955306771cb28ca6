package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.platform.stripe.StripeFailed;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.ReservationNotHeld;
import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Markers;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.s;

/**
 * What Stripe tells us about payments, applied to orders exactly once. The effect of a payment keys on its
 * PaymentIntent (PAYMENT#{id} marker), because several events describe the same money; the event that carried
 * it is marked processed in the same transaction ({@code eventMarker}). Orders only move forward: a payment wins
 * over an expiry or a cancellation that came first (the stock is held again if it can be, else the order needs
 * attention and the money goes back).
 */
@ApplicationScoped
public class Payments {
    private static final Logger LOG = Logger.getLogger(Payments.class);
    static final String PAYMENT_MARKER = "payment-applied";

    public enum Outcome { APPLIED, ALREADY_APPLIED, NOT_OURS, NO_CHANGE }

    private final OrderStore orders;
    private final Inventory inventory;
    private final Loyalty loyalty;
    private final PaymentGateway gateway;
    private final Table table;
    private final Clock clock;

    public Payments(OrderStore orders, Inventory inventory, Loyalty loyalty, PaymentGateway gateway, Table table, Clock clock) {
        this.orders = orders;
        this.inventory = inventory;
        this.loyalty = loyalty;
        this.gateway = gateway;
        this.table = table;
        this.clock = clock;
    }

    /** A payment succeeded (payment_intent.succeeded or checkout.session.completed): PAID, stock committed, points earned. */
    public Outcome paymentSucceeded(String orderId, String paymentIntentId, long amount, String source, Writes eventMarker) {
        for (int attempt = 0; attempt < 4; attempt++) {
            var found = orderId == null ? java.util.Optional.<Order>empty() : orders.order(orderId);
            if (found.isEmpty()) return markOnly(eventMarker, Outcome.NOT_OURS);
            Order order = found.get();
            if (order.status() == Order.Status.PAID || order.status() == Order.Status.REFUNDED || order.status() == Order.Status.NEEDS_ATTENTION) {
                return markOnly(eventMarker, Outcome.ALREADY_APPLIED);
            }
            Writes applied = Markers.put(table, Keys.paymentApplied(paymentIntentId), Keys.ItemType.PAYMENT_APPLIED, PAYMENT_MARKER,
                    paymentIntentId, Map.of("orderId", s(orderId), "amount", dev.unifiedcommerce.platform.table.Items.n(amount)), null, clock);
            try {
                Reservation hold = inventory.reservation(order.reservationId());
                if (hold.status() == Reservation.Status.HELD) {
                    TimelineEntry paid = new TimelineEntry(clock.instant(), "PAID", order.channel().name(),
                            amount + " " + order.total().currency() + " by PaymentIntent " + paymentIntentId + " (" + source + ")");
                    inventory.commitHeld(hold, orders.paidWrites(orderId, order.status(), Order.Status.PAID, paymentIntentId, paid)
                            .and(applied).and(eventMarker).and(loyalty.earn(order.customerId(), orderId, order.total())));
                    return Outcome.APPLIED;
                }
                if (hold.status() == Reservation.Status.COMMITTED) return markOnly(eventMarker, Outcome.ALREADY_APPLIED);
                // The hold ran out (or the order was cancelled) before the money arrived: hold the stock again if we can.
                if (!holdAgain(order, hold)) {
                    needsAttention(order, paymentIntentId, amount, applied.and(eventMarker));
                    return Outcome.APPLIED;
                }
            } catch (ConditionFailed failed) {
                if (Markers.refusedBy(failed, EventMarkers.KIND)) return Outcome.NO_CHANGE;
                if (Markers.refusedBy(failed, PAYMENT_MARKER)) return markOnly(eventMarker, Outcome.ALREADY_APPLIED);
                throw failed;
            } catch (OrderStateChanged | ReservationNotHeld | Problem raced) {
                if (raced instanceof Problem p && p.status() != 409) throw p;
                // the order or its hold moved under us (another event, the Sweeper): look again
            }
        }
        throw new IllegalStateException("order " + orderId + " keeps changing while applying " + paymentIntentId);
    }

    private boolean holdAgain(Order order, Reservation old) {
        try {
            inventory.hold(order.createdBy(), order.id(), old.lines().stream().map(l -> new ReservationLine(l.sku(), l.locationId(), l.quantity())).toList(),
                    Duration.ofMinutes(15), fresh -> orders.holdSwapWrites(order.id(), old.id(), fresh.id()));
            orders.append(order.id(), new TimelineEntry(clock.instant(), "STOCK_HELD_AGAIN", null, "payment arrived after the hold ran out; stock held again"));
            return true;
        } catch (InsufficientStock gone) {
            return false;
        }
    }

    private void needsAttention(Order order, String paymentIntentId, long amount, Writes markers) {
        TimelineEntry entry = new TimelineEntry(clock.instant(), "NEEDS_ATTENTION", null,
                "paid " + amount + " " + order.total().currency() + " after the hold ran out and the stock was sold; refunding automatically");
        table.transact(orders.paidWrites(order.id(), order.status(), Order.Status.NEEDS_ATTENTION, paymentIntentId, entry).and(markers));
        try {
            var refund = gateway.refund(paymentIntentId, null, "requested_by_customer", "uc-" + paymentIntentId + "-automatic-refund",
                    Map.of("orderId", order.id(), "reason", "stock_unavailable"));
            orders.append(order.id(), new TimelineEntry(clock.instant(), "REFUND_REQUESTED", null,
                    "automatic refund " + refund.stripeRefundId() + " (" + refund.status() + ")"));
        } catch (StripeFailed e) {
            // Stripe retries the event only on a 5xx; the order stays NEEDS_ATTENTION for staff, with the reason.
            LOG.warnf("order %s: automatic refund failed: %s", order.id(), e.getMessage());
            orders.append(order.id(), new TimelineEntry(clock.instant(), "REFUND_FAILED", null, e.getMessage()));
        }
    }

    /** Whether this PaymentIntent's money is already applied to its order. */
    public boolean applied(String paymentIntentId) { return table.get(Keys.paymentApplied(paymentIntentId)).isPresent(); }

    /** payment_intent.payment_failed: the shopper may try again until the hold runs out. */
    public Outcome paymentFailed(String orderId, String paymentIntentId, String message, Writes eventMarker) {
        if (orderId == null || orders.order(orderId).isEmpty()) return markOnly(eventMarker, Outcome.NOT_OURS);
        try {
            orders.appendWith(orderId, new TimelineEntry(clock.instant(), "PAYMENT_FAILED", null,
                    (message == null ? "payment failed" : message) + " (PaymentIntent " + paymentIntentId + "); the hold stays until it expires"), eventMarker);
            return Outcome.APPLIED;
        } catch (ConditionFailed failed) {
            return Outcome.NO_CHANGE;
        }
    }

    /** checkout.session.expired / payment_intent.canceled: the order ends unpaid and its stock is for sale again. */
    public Outcome paymentAbandoned(String orderId, Order.Status to, String why, Writes eventMarker) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var found = orderId == null ? java.util.Optional.<Order>empty() : orders.order(orderId);
            if (found.isEmpty()) return markOnly(eventMarker, Outcome.NOT_OURS);
            Order order = found.get();
            if (order.status() != Order.Status.AWAITING_PAYMENT) return markOnly(eventMarker, Outcome.NO_CHANGE);
            Writes end = orders.transitionWrites(orderId, Order.Status.AWAITING_PAYMENT, to,
                    new TimelineEntry(clock.instant(), to.name(), null, why)).and(eventMarker);
            try {
                Reservation hold = inventory.reservation(order.reservationId());
                if (hold.status() == Reservation.Status.HELD) inventory.release(hold.id(), end);
                else table.transact(end);
                return Outcome.APPLIED;
            } catch (ConditionFailed failed) {
                if (Markers.refusedBy(failed, EventMarkers.KIND)) return Outcome.NO_CHANGE;
                throw failed;
            } catch (OrderStateChanged raced) {
                // paid meanwhile (PAID wins) or already ended: look again
            }
        }
        return markOnly(eventMarker, Outcome.NO_CHANGE);
    }

    private Outcome markOnly(Writes eventMarker, Outcome outcome) {
        try {
            table.transact(eventMarker);
            return outcome;
        } catch (ConditionFailed duplicate) {
            return Outcome.NO_CHANGE;
        }
    }

    /** The kind of marker the webhook layer puts for each processed event. */
    public static final class EventMarkers {
        public static final String KIND = "stripe-event";
        private EventMarkers() {}
    }
}
