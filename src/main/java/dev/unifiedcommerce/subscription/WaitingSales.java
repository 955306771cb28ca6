package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.followup.FollowUpRound;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.platform.transaction.Transactions;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;

/**
 * Subscriptions a till sale's card is to start wait for that sale. On every FollowUps pass each is settled when its sale
 * is: a sale that ended unpaid (cancelled, expired, or its payment given back) cancels it; a sale paid some minutes ago
 * whose card was never kept leaves it INCOMPLETE, for staff to hand to a reader. Nothing waits for ever.
 */
@ApplicationScoped
public class WaitingSales implements FollowUpRound {
    /** Long enough for the charge's event to have started it. */
    static final Duration PAID_GRACE = Duration.ofMinutes(10);

    private final SubscriptionStore store;
    private final Transactions transactions;
    private final OrderStore orders;
    private final TillSubscriptions till;
    private final Clock clock;

    public WaitingSales(SubscriptionStore store, Transactions transactions, OrderStore orders, TillSubscriptions till, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.orders = orders;
        this.till = till;
        this.clock = clock;
    }

    @Override
    public String run() {
        int settled = 0;
        for (String id : store.salesWaiting()) {
            Subscription s = store.subscription(id).orElse(null);
            if (s == null || s.ended() || s.stripeSubscriptionId() != null || s.till() == null || s.till().orderId() == null) {
                transactions.commit(store.saleDoneWrites(id));
                continue;
            }
            Order sale = orders.order(s.till().orderId()).orElse(null);
            if (sale == null) continue;
            switch (sale.status()) {
                case AWAITING_PAYMENT -> { continue; }
                case CANCELLED, EXPIRED, NEEDS_ATTENTION -> till.end(id, "the sale " + sale.id() + " ended " + sale.status() + ": nothing is billed");
                case PAID, REFUNDED -> {
                    if (sale.createdAt().plus(PAID_GRACE).isAfter(clock.instant())) continue;
                    till.incomplete(id, "the sale was paid but its card was not kept: hand the subscription to the reader to save a card");
                }
            }
            settled++;
        }
        return settled == 0 ? null : "till sales' subscriptions: " + settled + " settled";
    }
}
