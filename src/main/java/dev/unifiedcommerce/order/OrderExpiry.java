package dev.unifiedcommerce.order;

import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.inventory.HoldExpiry;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.payment.PaymentObjects;
import dev.unifiedcommerce.payment.TerminalPayments;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * An order whose hold ran out unpaid EXPIRES with it; its payment is then stopped at Stripe (owed as a follow-up in
 * the same transaction, so a crash or a Stripe outage only delays it).
 */
@ApplicationScoped
public class OrderExpiry implements HoldExpiry {
    private static final Logger LOG = Logger.getLogger(OrderExpiry.class);

    private final OrderStore orders;
    private final Clock clock;
    private final TerminalPayments terminal;
    private final FollowUpStore followUps;
    private final PaymentObjects stops;
    private final DiscountUses uses;

    public OrderExpiry(OrderStore orders, Clock clock, TerminalPayments terminal, FollowUpStore followUps, PaymentObjects stops, DiscountUses uses) {
        this.uses = uses;
        this.terminal = terminal;
        this.orders = orders;
        this.clock = clock;
        this.followUps = followUps;
        this.stops = stops;
    }

    @Override
    public Writes expiring(Reservation r) {
        if (r.orderId() == null) return Writes.none();
        var order = orders.order(r.orderId());
        if (order.isEmpty() || order.get().status() != Order.Status.AWAITING_PAYMENT || !r.id().equals(order.get().reservationId())) return Writes.none();
        return orders.transitionWrites(r.orderId(), Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED,
                        new TimelineEntry(clock.instant(), TimelineEntry.Type.EXPIRED, null, "the hold ran out unpaid; stock released"))
                .and(uses.giveBack(order.get()))
                .and(followUps.owedWrites(stops.stopFollowUp(order.get())));
    }

    @Override
    public void expired(Reservation r) {
        if (r.orderId() == null) return;
        orders.order(r.orderId()).filter(o -> o.status() == Order.Status.EXPIRED).ifPresent(o -> {
            try {
                terminal.stopReader(o);
                stops.stop(o);
                followUps.done(stops.stopFollowUp(o).id());
            } catch (RuntimeException e) {
                // owed: the FollowUps function stops it; a late payment meanwhile is handled by the webhook
                LOG.warnf("order %s: stopping its payment after expiry failed: %s", o.id(), e.getClass().getSimpleName());
            }
        });
    }
}
