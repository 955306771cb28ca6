package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.customer.CustomerStore;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/**
 * One shopper behind one card: a card's fingerprint (online or card_present, from charge.succeeded) points at the
 * customer who first paid with it for an order someone vouched for (their bound shopper, their proof at the till). A later anonymous purchase with the same card (a till sale) joins that customer,
 * with its loyalty points; a known customer's first card is remembered for next time.
 */
@ApplicationScoped
public class CardLinks {
    private final OrderStore orders;
    private final CustomerStore customers;
    private final Loyalty loyalty;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Clock clock;

    public CardLinks(OrderStore orders, CustomerStore customers, Loyalty loyalty, PaymentLedger ledger, MoneyTransactions money, Clock clock) {
        this.orders = orders;
        this.customers = customers;
        this.loyalty = loyalty;
        this.ledger = ledger;
        this.money = money;
        this.clock = clock;
    }

    /** Returns true when this charge linked an order or a card; the event is marked processed with the write that did it. */
    public boolean cardUsed(String paymentIntentId, String fingerprint, PaymentLedger.Source source) {
        if (fingerprint == null || paymentIntentId == null) return false;
        var applied = ledger.payment(paymentIntentId);
        // not ours, not applied yet (Stripe retries the charge event), or money that never became the order's
        if (applied.isEmpty() || applied.get().booking() == PaymentLedger.Booking.MISMATCH) return false;
        Order order = orders.order(applied.get().orderId()).orElse(null);
        if (order == null) return false;
        // only a link made from a vouched sale says whose card it is (links from before vouches were kept may be wrong)
        String cardOwner = customers.provenCardOwner(fingerprint).orElse(null);
        Writes link;
        boolean vouchedSale = applied.get().booking() == PaymentLedger.Booking.PAID && order.vouch() != null
                && order.vouch().how() != Vouch.How.CARD; // a card's own tap proves nothing new
        if (order.customerId() != null && cardOwner == null && vouchedSale) {
            // only a vouched order's card becomes the customer's: a card paying for a typed phone may be anyone's, and a
            // card linked to a customer later vouches for them at the till
            link = customers.cardWrites(fingerprint, order.customerId());
        } else if (order.customerId() == null && cardOwner != null) {
            boolean paid = order.status() == Order.Status.PAID;
            link = orders.attachCustomerWrites(order, cardOwner, paid ? loyalty.earned(order.total()) : 0)
                    .and(orders.entryWrites(order.id(), new TimelineEntry(clock.instant(), TimelineEntry.Type.CUSTOMER_LINKED, null, "recognised by the card used")))
                    .and(paid ? loyalty.earn(cardOwner, order.id(), order.total()) : Writes.none());
        } else {
            return false;
        }
        try {
            money.commit(link.and(ledger.eventWrites(source)));
            return true;
        } catch (AlreadyRecorded | CustomerStore.CardTaken | OrderStateChanged alreadyLinked) {
            return false; // the card or the order was linked a moment ago by another delivery
        }
    }
}
