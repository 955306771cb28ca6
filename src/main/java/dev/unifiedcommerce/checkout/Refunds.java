package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.platform.stripe.StripeFailed;
import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Refunds from any channel (an online order returned in a store): never more than was paid, booked on the order
 * before Stripe is asked (so two refunds cannot both take the last of the money), given back if Stripe refuses, and
 * completed once per Stripe refund (the ledger's refund marker), whether our answer or a webhook gets there first.
 * Returned goods can go back into a store's stock; loyalty earned on the refunded money is taken back. Everything the
 * completion will write is checked against DynamoDB's transaction rules before Stripe is asked, so nothing can fail
 * after Stripe refunded for a reason that could have been seen before.
 */
@ApplicationScoped
public class Refunds {
    public record RequestedLine(String sku, int quantity) {}

    public record Request(List<RequestedLine> lines, Money amount, String restockLocationId, String reason) {}

    public record Result(String refundId, String status, Money amount, String stripeRefundId) {}

    private final OrderStore orders;
    private final RefundStore refunds;
    private final PaymentGateway gateway;
    private final Inventory inventory;
    private final CatalogStore catalog;
    private final Loyalty loyalty;
    private final PaymentLedger ledger;
    private final Clock clock;

    public Refunds(OrderStore orders, RefundStore refunds, PaymentGateway gateway, Inventory inventory, CatalogStore catalog,
                   Loyalty loyalty, PaymentLedger ledger, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.gateway = gateway;
        this.inventory = inventory;
        this.catalog = catalog;
        this.loyalty = loyalty;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Books and asks for a refund; {@code with} (given the new refund id) joins the booking transaction. */
    public Result refund(String orderId, Request r, String by, Function<String, Writes> with) {
        RefundStore.RefundRecord request = null;
        for (int attempt = 0; attempt < 4 && request == null; attempt++) {
            Order order = orders.order(orderId).orElseThrow(() -> Problem.notFound("order", "orderId", orderId));
            if (order.status() != Order.Status.PAID) {
                throw Problem.conflict("order-not-refundable", "Order not refundable", "order '" + orderId + "' is " + order.status());
            }
            if (r.restockLocationId() != null && catalog.location(r.restockLocationId()).isEmpty()) {
                throw Problem.unprocessable("restockLocationId", "unknown location '" + r.restockLocationId() + "'");
            }
            RefundStore.Refunded before = refunds.refunded(orderId);
            RefundStore.RefundRecord candidate = plan(order, before, r);
            completionWrites(order, candidate, "re_shape_check", "succeeded", PaymentLedger.Source.NONE).shapeProblem().ifPresent(problem -> {
                throw Problem.unprocessable("lines", "this refund cannot be booked in one step (" + problem + "); split it");
            });
            try {
                ledger.commit(refunds.requestWrites(order, before, candidate).and(orders.entryWrites(orderId,
                        new TimelineEntry(clock.instant(), "REFUND_REQUESTED", by, candidate.amount() + " " + candidate.currency()
                                + (candidate.restockLocationId() != null ? ", restock at " + candidate.restockLocationId() : "")
                                + (candidate.reason() != null ? " (" + candidate.reason() + ")" : ""))))
                        .and(with.apply(candidate.refundId())));
                request = candidate;
            } catch (OrderStateChanged changed) {
                // another refund or a webhook changed the order: recompute from what is left
            }
        }
        if (request == null) throw Problem.conflict("concurrent-change", "Concurrent change", "order '" + orderId + "' keeps changing; retry");
        return ask(request, by);
    }

    /** Asks Stripe for a booked refund (again, after a crash: same key, same Stripe refund). */
    public Result ask(RefundStore.RefundRecord request, String by) {
        Order order = orders.order(request.orderId()).orElseThrow();
        PaymentGateway.Refund stripe;
        try {
            stripe = gateway.refund(order.payment().paymentIntentId(), request.amount(), request.reason(), "uc-" + request.refundId(),
                    Map.of("orderId", order.id(), "refundId", request.refundId()));
        } catch (StripeFailed e) {
            ledger.commit(refunds.undoWrites(request).and(orders.entryWrites(order.id(),
                    new TimelineEntry(clock.instant(), "REFUND_FAILED", by, e.getMessage()))));
            throw e;
        }
        complete(order.id(), request.refundId(), stripe.stripeRefundId(), stripe.status(), PaymentLedger.Source.NONE);
        return new Result(request.refundId(), stripe.status(), new Money(request.amount(), request.currency()), stripe.stripeRefundId());
    }

    private RefundStore.RefundRecord plan(Order order, RefundStore.Refunded before, Request r) {
        long left = order.total().amount() - before.amount();
        List<RefundStore.RefundLine> lines = new ArrayList<>();
        long amount;
        if (r.lines() != null && !r.lines().isEmpty()) {
            amount = 0;
            // An item scanned twice at the till is one line of two: each SKU is booked, restocked and counted once.
            Map<String, Integer> wanted = new LinkedHashMap<>();
            r.lines().forEach(l -> wanted.merge(l.sku(), l.quantity(), Integer::sum));
            for (var want : wanted.entrySet()) {
                String sku = want.getKey();
                List<Order.Line> bought = order.lines().stream().filter(l -> l.sku().equals(sku)).toList();
                if (bought.isEmpty()) throw Problem.unprocessable("lines[" + sku + "].sku", "'" + sku + "' is not in this order");
                int refundable = bought.stream().mapToInt(Order.Line::quantity).sum() - before.quantities().getOrDefault(sku, 0);
                if (want.getValue() > refundable) {
                    throw new Problem(409, "refund-exceeds-purchase", "More than was bought",
                            "only " + refundable + " unit(s) of " + sku + " are left to refund", "lines", null, null);
                }
                long unitAmount = bought.getFirst().unitAmount();
                lines.add(new RefundStore.RefundLine(sku, want.getValue(), unitAmount));
                amount += unitAmount * want.getValue();
            }
        } else {
            if (r.amount() == null) throw Problem.badField("lines", "give lines or an amount");
            if (!r.amount().currency().equals(order.total().currency())) {
                throw Problem.badField("amount.currency", "must be the order's currency (" + order.total().currency() + ")");
            }
            if (r.restockLocationId() != null) throw Problem.badField("restockLocationId", "restocking needs lines, not an amount");
            amount = r.amount().amount();
        }
        if (amount <= 0) throw Problem.badField("amount", "must be more than 0");
        if (amount > left) {
            throw new Problem(409, "refund-exceeds-payment", "More than was paid",
                    "only " + left + " " + order.total().currency() + " are left to refund", "amount", Map.of("refundable", left), null);
        }
        return new RefundStore.RefundRecord(Ids.newId("rfd"), order.id(), amount, order.total().currency(), lines, r.restockLocationId(),
                r.reason(), RefundStore.Status.PENDING, null, null);
    }

    /**
     * Completes one of our refunds once Stripe took it, exactly once per Stripe refund (our answer and the refund.*
     * webhooks race): goods back in stock, points taken back, order REFUNDED when nothing is left.
     */
    public boolean complete(String orderId, String refundId, String stripeRefundId, String stripeStatus, PaymentLedger.Source source) {
        var request = refunds.refund(orderId, refundId).orElse(null);
        if (request == null || request.status() != RefundStore.Status.PENDING) return false;
        Order order = orders.order(orderId).orElseThrow();
        try {
            ledger.commit(completionWrites(order, request, stripeRefundId, stripeStatus, source));
        } catch (AlreadyRecorded | RefundStore.RefundStateChanged done) {
            return false; // completed by the other path (answer or webhook) a moment ago
        }
        closeIfFullyRefunded(orderId);
        return true;
    }

    /** Everything a completed refund writes, in one transaction: the same writes are shape-checked before Stripe is asked. */
    private Writes completionWrites(Order order, RefundStore.RefundRecord request, String stripeRefundId, String stripeStatus, PaymentLedger.Source source) {
        Writes writes = refunds.succeededWrites(request, stripeRefundId, stripeStatus)
                .and(ledger.refundWrites(stripeRefundId, order.id(), request.amount()))
                .and(loyalty.reverse(order.customerId(), order.id(), order.total(), request.amount(), request.refundId()))
                .and(orders.entryWrites(order.id(), new TimelineEntry(clock.instant(), "REFUNDED", null,
                        request.amount() + " " + request.currency() + " (Stripe refund " + stripeRefundId + ", " + stripeStatus + ")")));
        if (request.restockLocationId() != null) {
            for (RefundStore.RefundLine l : request.lines()) writes = writes.and(inventory.restockWrites(l.sku(), request.restockLocationId(), l.quantity()));
        }
        return writes.and(ledger.eventWrites(source));
    }

    /** PAID -> REFUNDED once nothing is left to refund (a separate step: two partial refunds may finish together). */
    private void closeIfFullyRefunded(String orderId) {
        Order order = orders.order(orderId).orElseThrow();
        if (order.status() == Order.Status.PAID && refunds.refunded(orderId).amount() >= order.total().amount()) {
            orders.transition(orderId, Order.Status.PAID, Order.Status.REFUNDED, new TimelineEntry(clock.instant(), "FULLY_REFUNDED", null, null), Writes.none());
        }
    }

    /**
     * Stripe reported one of our refunds failed (refund.updated, status failed/canceled): the money stayed with the
     * shop, so the order's refunded amount is given back, the points taken back are earned again, and a fully refunded
     * order is PAID again. Goods already restocked stay in stock (they are on the shelf). Once per refund.
     */
    public boolean failedLater(String orderId, String refundId, String stripeRefundId, String stripeStatus, PaymentLedger.Source source) {
        var request = refunds.refund(orderId, refundId).orElse(null);
        if (request == null || request.status() == RefundStore.Status.FAILED) return false;
        Order order = orders.order(orderId).orElseThrow();
        boolean reopen = order.status() == Order.Status.REFUNDED;
        Writes writes = refunds.failedLaterWrites(request, reopen)
                .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), "REFUND_FAILED", null,
                        request.amount() + " " + request.currency() + " not refunded after all (Stripe refund " + stripeRefundId + ", " + stripeStatus + ")")))
                .and(request.status() == RefundStore.Status.SUCCEEDED ? loyalty.reverse(order.customerId(), orderId, order.total(), -request.amount(), refundId + "-failed")
                        : Writes.none());
        if (reopen) {
            writes = writes.and(orders.entryWrites(orderId, new TimelineEntry(clock.instant().plusMillis(1), "PAID_AGAIN", null,
                    "a refund failed; the order is paid again")));
        }
        try {
            ledger.commit(writes.and(ledger.eventWrites(source)));
            return true;
        } catch (AlreadyRecorded | RefundStore.RefundStateChanged | OrderStateChanged raced) {
            return false; // failed already, or the order moved meanwhile: Stripe redelivers if it matters
        }
    }

    /**
     * A Stripe refund we did not ask for through this API (Stripe Dashboard, another tool): booked on the order that
     * PaymentIntent paid, points taken back, once per Stripe refund.
     */
    public boolean external(String paymentIntentId, String stripeRefundId, long amount, String stripeStatus, PaymentLedger.Source source) {
        var applied = ledger.payment(paymentIntentId);
        // Only money booked on an order is refunded from it; a mismatched payment was never the order's.
        if (applied.isEmpty() || applied.get().booking() == PaymentLedger.Booking.MISMATCH) return false;
        String orderId = applied.get().orderId();
        for (int attempt = 0; attempt < 4; attempt++) {
            Order order = orders.order(orderId).orElseThrow();
            RefundStore.Refunded before = refunds.refunded(orderId);
            long booked = Math.min(amount, order.total().amount() - before.amount());
            Writes writes = refunds.externalWrites(orderId, before, booked).and(ledger.refundWrites(stripeRefundId, orderId, amount))
                    .and(loyalty.reverse(order.customerId(), orderId, order.total(), booked, stripeRefundId))
                    .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), "REFUNDED_OUTSIDE", null,
                            amount + " " + order.total().currency() + " refunded outside this system (Stripe refund " + stripeRefundId + ", " + stripeStatus + ")")))
                    .and(ledger.eventWrites(source));
            try {
                ledger.commit(writes);
                closeIfFullyRefunded(orderId);
                return true;
            } catch (AlreadyRecorded seen) {
                return false;
            } catch (OrderStateChanged changed) {
                // another refund changed the order: book on what is left
            }
        }
        throw new IllegalStateException("order " + orderId + " keeps changing while booking refund " + stripeRefundId);
    }

    public List<RefundStore.RefundRecord> of(String orderId) { return refunds.refunds(orderId); }
}
