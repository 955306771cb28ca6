package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderPaid;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.VisitHolds;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;

/**
 * A visit at the till: the sale takes the visit's items (what the shopper buys moves into the order's hold), and when
 * it is paid the rest is released and the visit COMPLETED. A sale that ends unpaid (cancelled, a reader that failed)
 * leaves the visit ARRIVED with what it still holds, and a new sale may start.
 */
@ApplicationScoped
public class VisitSales implements VisitHolds {
    private static final Logger LOG = Logger.getLogger(VisitSales.class);
    private static final Set<Order.Status> ENDED_UNPAID = Set.of(Order.Status.CANCELLED, Order.Status.EXPIRED);

    private final VisitStore store;
    private final Visits visits;
    private final OrderStore orders;

    public VisitSales(VisitStore store, Visits visits, OrderStore orders) {
        this.store = store;
        this.visits = visits;
        this.orders = orders;
    }

    @Override
    public Held forSale(String visitId, String locationId) {
        Visit v = store.visit(visitId).orElseThrow(() -> Rejected.unusable("visitId", "unknown visit '" + visitId + "'"));
        if (!v.locationId().equals(locationId)) {
            throw Rejected.unusable("visitId", "visit '" + visitId + "' is at '" + v.locationId() + "', not at '" + locationId + "'");
        }
        if (!v.open()) throw new Rejected(Rejected.Kind.CONFLICT, "visit-not-open", "Visit not open", "visit '" + visitId + "' is " + v.status(), "visitId", null, null);
        if (v.orderId() != null) {
            var earlier = orders.order(v.orderId()).orElse(null);
            if (earlier != null && !ENDED_UNPAID.contains(earlier.status())) {
                throw new Rejected(Rejected.Kind.CONFLICT, "visit-sale-in-progress", "Sale in progress", "visit '" + visitId + "' is being sold in order '"
                        + v.orderId() + "' (" + earlier.status() + ")", "visitId", Map.of("orderId", v.orderId()), null);
            }
        }
        return new Held(v.id(), v.customerId(), v.reservationId(), v.orderId());
    }

    @Override
    public Writes saleWrites(Held held, String orderId) {
        Visit v = store.visit(held.visitId()).orElseThrow();
        return store.saleWrites(v, orderId, held.previousOrderId());
    }

    /** The sale was paid: the visit's remaining items go back on sale, the visit is COMPLETED. */
    void paid(@Observes OrderPaid e) {
        Order o = e.order();
        if (o.visitId() == null) return;
        try {
            visits.completeSale(o.visitId(), o.id());
        } catch (RuntimeException failed) {
            // its hold runs out at the slot's end plus the grace: the Sweeper completes it then
            LOG.warnf("visit %s: completing after order %s was paid failed (%s)", o.visitId(), o.id(), failed.getClass().getSimpleName());
        }
    }
}
