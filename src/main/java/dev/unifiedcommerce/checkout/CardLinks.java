package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Markers;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Map;

/**
 * One shopper behind one card: a card's fingerprint (online or card_present, from charge.succeeded) points at the
 * customer who first paid with it. A later anonymous purchase with the same card (a till sale) joins that customer,
 * with its loyalty points; a known customer's first card is remembered for next time.
 */
@ApplicationScoped
public class CardLinks {
    static final String CARD_MARKER = "card";

    private final OrderStore orders;
    private final Loyalty loyalty;
    private final Table table;
    private final Clock clock;

    public CardLinks(OrderStore orders, Loyalty loyalty, Table table, Clock clock) {
        this.orders = orders;
        this.loyalty = loyalty;
        this.table = table;
        this.clock = clock;
    }

    /** Returns true when this charge linked an order or a card; the event marker joins the write that did it. */
    public boolean cardUsed(String paymentIntentId, String fingerprint, Writes eventMarker) {
        if (fingerprint == null || paymentIntentId == null) return false;
        var applied = table.get(Keys.paymentApplied(paymentIntentId));
        if (applied.isEmpty()) return false; // not ours, or the payment is not applied yet (Stripe retries the charge event)
        Order order = orders.order(Items.str(applied.get(), "orderId")).orElse(null);
        if (order == null) return false;
        String cardOwner = table.get(Keys.cardLookup(fingerprint)).map(i -> Items.str(i, "customerId")).orElse(null);
        try {
            if (order.customerId() != null && cardOwner == null) {
                table.transact(Markers.put(table, Keys.cardLookup(fingerprint), Keys.ItemType.CUSTOMER_LOOKUP, CARD_MARKER, fingerprint,
                        Map.of("customerId", Items.s(order.customerId())), null, clock).and(eventMarker));
                return true;
            }
            if (order.customerId() == null && cardOwner != null) {
                table.transact(orders.attachCustomerWrites(order, cardOwner)
                        .and(orders.entryWrites(order.id(), new TimelineEntry(clock.instant(), "CUSTOMER_LINKED", null, "recognised by the card used")))
                        .and(order.status() == Order.Status.PAID ? loyalty.earn(cardOwner, order.id(), order.total()) : Writes.none())
                        .and(eventMarker));
                return true;
            }
        } catch (ConditionFailed alreadyLinked) {
            return false;
        }
        return false;
    }
}
