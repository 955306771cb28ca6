package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Commits what moves money, through the one {@link Transactions} port, and says what a refusal means in money terms:
 * a fact already in the ledger says the most (the event was processed, then the payment or the refund was booked),
 * so it is {@link AlreadyRecorded}; any other refusal is what its writer attached (e.g. {@link OrderStateChanged}).
 */
@ApplicationScoped
public class MoneyTransactions {
    private final Transactions transactions;
    private final PaymentLedger ledger;

    public MoneyTransactions(Transactions transactions, PaymentLedger ledger) {
        this.transactions = transactions;
        this.ledger = ledger;
    }

    /** Commits {@code writes}; a marker already present is {@link AlreadyRecorded}, another refusal its writer's meaning. */
    public void commit(Writes writes) {
        try {
            transactions.commit(writes);
        } catch (Refused refused) {
            for (AlreadyRecorded.What what : AlreadyRecorded.What.values()) {
                if (refused.failed(what)) throw new AlreadyRecorded(what, "");
            }
            throw refused.explained();
        }
    }

    /** Marks the event processed on its own (it changed nothing else); false when it was processed before. */
    public boolean markProcessed(PaymentLedger.Source source) {
        try {
            commit(ledger.eventWrites(source));
            return true;
        } catch (AlreadyRecorded seen) {
            return false;
        }
    }
}
