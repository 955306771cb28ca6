package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.inventory.HoldExpiry;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/** An order whose hold ran out unpaid EXPIRES with it; its payment link is then expired at Stripe. */
@ApplicationScoped
public class OrderExpiry implements HoldExpiry {
    private static final Logger LOG = Logger.getLogger(OrderExpiry.class);

    private final OrderStore orders;
    private final PaymentGateway payments;
    private final Clock clock;

    private final TerminalPayments terminal;

    public OrderExpiry(OrderStore orders, PaymentGateway payments, Clock clock, TerminalPayments terminal) {
        this.terminal = terminal;
        this.orders = orders;
        this.payments = payments;
        this.clock = clock;
    }

    @Override
    public Writes expiring(Reservation r) {
        if (r.orderId() == null) return Writes.none();
        var order = orders.order(r.orderId());
        if (order.isEmpty() || order.get().status() != Order.Status.AWAITING_PAYMENT || !r.id().equals(order.get().reservationId())) return Writes.none();
        return orders.transitionWrites(r.orderId(), Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED,
                new TimelineEntry(clock.instant(), "EXPIRED", null, "the hold ran out unpaid; stock released"));
    }

    @Override
    public void expired(Reservation r) {
        if (r.orderId() == null) return;
        orders.order(r.orderId()).filter(o -> o.status() == Order.Status.EXPIRED && o.payment().started()).ifPresent(o -> {
            try {
                terminal.stopReader(o);
                payments.stop(o);
            } catch (RuntimeException e) {
                // The session expires at Stripe on its own at the same moment; a late payment is handled by the webhook.
                LOG.warnf("order %s: stopping its payment after expiry failed: %s", o.id(), e.getClass().getSimpleName());
            }
        });
    }
}
