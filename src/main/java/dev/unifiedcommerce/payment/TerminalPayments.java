package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.ReaderPayments;
import dev.unifiedcommerce.terminal.ReaderStore;
import dev.unifiedcommerce.terminal.TerminalGateway;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** A store reader's part in an order's payment, on the order's timeline and on the reader. */
@ApplicationScoped
public class TerminalPayments implements ReaderPayments {
    private final OrderStore orders;
    private final ReaderStore readers;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Clock clock;
    private final TerminalGateway gateway;

    public TerminalPayments(OrderStore orders, ReaderStore readers, PaymentLedger ledger, MoneyTransactions money, Clock clock, TerminalGateway gateway) {
        this.gateway = gateway;
        this.orders = orders;
        this.readers = readers;
        this.ledger = ledger;
        this.money = money;
        this.clock = clock;
    }

    @Override
    public void actionCanceled(String orderId, String readerId) {
        if (orderId == null || orders.order(orderId).isEmpty()) return;
        orders.append(orderId, new TimelineEntry(clock.instant(), TimelineEntry.Type.READER_ACTION_CANCELED, "POS",
                "the payment on reader " + readerId + " was cancelled; the hold stays until it expires or the order is cancelled"));
    }

    /** The order ended unpaid (cancelled, expired): a reader still asking for its card stops, best effort. */
    public void stopReader(Order order) {
        String readerId = order.payment().readerId();
        if (readerId == null) return;
        readers.reader(readerId).filter(r -> r.busy() && order.id().equals(r.action().orderId())).ifPresent(r -> {
            try {
                gateway.cancelAction(r.stripeReaderId());
            } catch (RuntimeException e) {
                // not known to be stopped: the reader stays marked busy (staff cancel it at the till, or its webhook frees it)
                return;
            }
            readers.setAction(readerId, new Reader.Action(Reader.Action.State.CANCELED, order.id(), r.action().paymentIntentId(), "order " + order.status()), false);
        });
    }

    /** terminal.reader.action_succeeded / action_failed: the reader and the order's timeline follow it. */
    public boolean actionFinished(String readerId, String paymentIntentId, boolean succeeded, String failure, PaymentLedger.Source source) {
        Reader reader = readerId == null ? null : readers.reader(readerId).orElse(null);
        if (reader == null) return false;
        // only the payment the reader is taking now: a late event for an earlier sale, or another intent, changes nothing
        if (reader.action() == null || paymentIntentId == null || !paymentIntentId.equals(reader.action().paymentIntentId())) return false;
        String orderId = reader.action().orderId();
        Writes writes = readers.actionWrites(readerId, new Reader.Action(succeeded ? Reader.Action.State.SUCCEEDED : Reader.Action.State.FAILED, orderId, paymentIntentId, failure));
        if (orderId != null && orders.order(orderId).isPresent()) {
            writes = writes.and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), succeeded ? TimelineEntry.Type.READER_PAYMENT_SUCCEEDED : TimelineEntry.Type.READER_PAYMENT_FAILED,
                    "POS", (failure != null ? failure + " " : "") + "on reader " + readerId)));
        }
        try {
            money.commit(writes.and(ledger.eventWrites(source)));
            return true;
        } catch (AlreadyRecorded duplicate) {
            return false;
        }
    }
}
