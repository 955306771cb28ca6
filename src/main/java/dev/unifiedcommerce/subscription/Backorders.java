package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.followup.FollowUpRound;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Transactions;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Deliveries paid for while their warehouse had no stock wait BACKORDERED; on every FollowUps pass, each location where
 * some wait ships them, oldest first, as stock allows: a delivery is sent (stock down under {@code available >= q}, back in
 * the packing queue) in one transaction with its count of waiting deliveries. Oldest first per SKU: once an older delivery
 * cannot be sent, newer ones needing the same SKU wait behind it (others may go).
 */
@ApplicationScoped
public class Backorders implements FollowUpRound {
    private static final int PAGE = 50;

    private final SubscriptionStore store;
    private final Transactions transactions;
    private final OrderStore orders;
    private final Inventory inventory;
    private final Clock clock;

    public Backorders(SubscriptionStore store, Transactions transactions, OrderStore orders, Inventory inventory, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.orders = orders;
        this.inventory = inventory;
        this.clock = clock;
    }

    public record Allocation(int shipped, int waiting) {}

    @Override
    public String run() {
        int shipped = 0, waiting = 0;
        for (String location : store.backorderedLocations()) {
            Allocation a = allocate(location);
            shipped += a.shipped();
            waiting += a.waiting();
        }
        return shipped == 0 ? null : "backorders: " + shipped + " shipped, " + waiting + " still waiting for stock";
    }

    /** Ships what the location's stock allows of its backordered deliveries, oldest first. */
    public Allocation allocate(String locationId) {
        Set<String> blocked = new HashSet<>();
        int shipped = 0, waiting = 0;
        String next = null;
        do {
            var page = orders.queue(locationId, Order.FulfilmentStatus.BACKORDERED, PAGE, next);
            for (Order o : page.orders()) {
                // refunded while it waited: nothing to send now. It stays in the queue (and counted): a refund that fails later
                // makes it PAID again, and it ships like any other
                if (o.status() != Order.Status.PAID) continue;
                if (o.lines().stream().anyMatch(l -> blocked.contains(l.sku()))) {
                    waiting++;
                    continue;
                }
                try {
                    transactions.commit(inventory.shipWrites(o.heldLines())
                            .and(orders.fulfilmentWrites(o, Order.FulfilmentStatus.BACKORDERED, Order.FulfilmentStatus.NONE,
                                    new TimelineEntry(clock.instant(), TimelineEntry.Type.BACKORDER_SHIPPED, Order.Channel.SUBSCRIPTION.name(), "stock arrived at " + locationId)))
                            .and(store.backorderWrites(locationId, -1)));
                    shipped++;
                } catch (InsufficientStock | Refused notNow) {
                    // too little stock (or it moved as we took it, or the order moved): it waits, and so do newer ones behind it
                    if (!(notNow instanceof Refused f) || f.conditions(OrderStore.FulfilmentMoved.class).isEmpty()) {
                        o.lines().forEach(l -> blocked.add(l.sku()));
                        waiting++;
                    }
                }
            }
            next = page.next();
        } while (next != null);
        return new Allocation(shipped, waiting);
    }
}
