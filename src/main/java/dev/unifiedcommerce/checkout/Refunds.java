package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.platform.stripe.StripeFailed;
import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Loyalty;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Markers;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Refunds from any channel (an online order returned in a store): never more than was paid, booked on the order
 * before Stripe is asked (so two refunds cannot both take the last of the money), given back if Stripe refuses, and
 * completed once per Stripe refund (REFUND#{id} marker), whether our answer or a webhook gets there first. Returned
 * goods can go back into a store's stock; loyalty earned on the refunded money is taken back.
 */
@ApplicationScoped
public class Refunds {
    static final String REFUND_MARKER = "refund-applied";

    public record RequestedLine(String sku, int quantity) {}

    public record Request(List<RequestedLine> lines, Money amount, String restockLocationId, String reason) {}

    public record Result(String refundId, String status, Money amount, String stripeRefundId) {}

    private final OrderStore orders;
    private final RefundStore refunds;
    private final PaymentGateway gateway;
    private final Inventory inventory;
    private final CatalogStore catalog;
    private final Loyalty loyalty;
    private final Table table;
    private final Clock clock;

    public Refunds(OrderStore orders, RefundStore refunds, PaymentGateway gateway, Inventory inventory, CatalogStore catalog,
                   Loyalty loyalty, Table table, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.gateway = gateway;
        this.inventory = inventory;
        this.catalog = catalog;
        this.loyalty = loyalty;
        this.table = table;
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
            try {
                table.transact(refunds.requestWrites(order, before, candidate).and(orders.entryWrites(orderId,
                        new TimelineEntry(clock.instant(), "REFUND_REQUESTED", by, candidate.amount() + " " + candidate.currency()
                                + (candidate.restockLocationId() != null ? ", restock at " + candidate.restockLocationId() : "")
                                + (candidate.reason() != null ? " (" + candidate.reason() + ")" : ""))))
                        .and(with.apply(candidate.refundId())));
                request = candidate;
            } catch (ConditionFailed failed) {
                RuntimeException explained = failed.explained().orElse(failed);
                if (!(explained instanceof OrderStateChanged)) throw explained;
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
            table.transact(refunds.undoWrites(request).and(orders.entryWrites(order.id(),
                    new TimelineEntry(clock.instant(), "REFUND_FAILED", by, e.getMessage()))));
            throw e;
        }
        complete(order.id(), request.refundId(), stripe.stripeRefundId(), stripe.status(), null);
        return new Result(request.refundId(), stripe.status(), new Money(request.amount(), request.currency()), stripe.stripeRefundId());
    }

    private RefundStore.RefundRecord plan(Order order, RefundStore.Refunded before, Request r) {
        long left = order.total().amount() - before.amount();
        List<RefundStore.RefundLine> lines = new ArrayList<>();
        long amount;
        if (r.lines() != null && !r.lines().isEmpty()) {
            amount = 0;
            for (int i = 0; i < r.lines().size(); i++) {
                RequestedLine want = r.lines().get(i);
                Order.Line bought = order.lines().stream().filter(l -> l.sku().equals(want.sku())).findFirst()
                        .orElseThrow(() -> Problem.unprocessable("lines[" + want.sku() + "].sku", "'" + want.sku() + "' is not in this order"));
                int refundable = bought.quantity() - before.quantities().getOrDefault(want.sku(), 0)
                        - (int) lines.stream().filter(l -> l.sku().equals(want.sku())).mapToLong(RefundStore.RefundLine::quantity).sum();
                if (want.quantity() > refundable) {
                    throw new Problem(409, "refund-exceeds-purchase", "More than was bought",
                            "only " + refundable + " unit(s) of " + want.sku() + " are left to refund", "lines", null, null);
                }
                lines.add(new RefundStore.RefundLine(want.sku(), want.quantity(), bought.unitAmount()));
                amount += bought.unitAmount() * want.quantity();
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
    public boolean complete(String orderId, String refundId, String stripeRefundId, String stripeStatus, Writes eventMarker) {
        var request = refunds.refund(orderId, refundId).orElse(null);
        if (request == null || request.status() != RefundStore.Status.PENDING) return false;
        Order order = orders.order(orderId).orElseThrow();
        Writes writes = refunds.succeededWrites(request, stripeRefundId, stripeStatus).and(marker(stripeRefundId, orderId, request.amount()))
                .and(loyalty.reverse(order.customerId(), orderId, order.total(), request.amount(), refundId))
                .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), "REFUNDED", null,
                        request.amount() + " " + request.currency() + " (Stripe refund " + stripeRefundId + ", " + stripeStatus + ")")));
        if (request.restockLocationId() != null) {
            for (RefundStore.RefundLine l : request.lines()) writes = writes.and(inventory.restockWrites(l.sku(), request.restockLocationId(), l.quantity()));
        }
        if (eventMarker != null) writes = writes.and(eventMarker);
        try {
            table.transact(writes);
        } catch (ConditionFailed done) {
            return false; // completed by the other path (answer or webhook) a moment ago
        }
        closeIfFullyRefunded(orderId);
        return true;
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
    public boolean failedLater(String orderId, String refundId, String stripeRefundId, String stripeStatus, Writes eventMarker) {
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
        if (eventMarker != null) writes = writes.and(eventMarker);
        try {
            table.transact(writes);
            return true;
        } catch (ConditionFailed raced) {
            return false; // failed already, or the order moved meanwhile: Stripe redelivers if it matters
        }
    }

    /**
     * A Stripe refund we did not ask for through this API (Stripe Dashboard, another tool): booked on the order that
     * PaymentIntent paid, points taken back, once per Stripe refund.
     */
    public boolean external(String paymentIntentId, String stripeRefundId, long amount, String stripeStatus, Writes eventMarker) {
        var applied = table.get(Keys.paymentApplied(paymentIntentId));
        if (applied.isEmpty()) return false;
        String orderId = Items.str(applied.get(), "orderId");
        for (int attempt = 0; attempt < 4; attempt++) {
            Order order = orders.order(orderId).orElseThrow();
            RefundStore.Refunded before = refunds.refunded(orderId);
            long booked = Math.min(amount, order.total().amount() - before.amount());
            Writes writes = refunds.externalWrites(orderId, before, booked).and(marker(stripeRefundId, orderId, amount))
                    .and(loyalty.reverse(order.customerId(), orderId, order.total(), booked, stripeRefundId))
                    .and(orders.entryWrites(orderId, new TimelineEntry(clock.instant(), "REFUNDED_OUTSIDE", null,
                            amount + " " + order.total().currency() + " refunded outside this system (Stripe refund " + stripeRefundId + ", " + stripeStatus + ")")));
            if (eventMarker != null) writes = writes.and(eventMarker);
            try {
                table.transact(writes);
                closeIfFullyRefunded(orderId);
                return true;
            } catch (ConditionFailed failed) {
                if (Markers.refusedBy(failed, REFUND_MARKER) || Markers.refusedBy(failed, Payments.EventMarkers.KIND)) return false;
                RuntimeException explained = failed.explained().orElse(failed);
                if (!(explained instanceof OrderStateChanged)) throw explained;
            }
        }
        throw new IllegalStateException("order " + orderId + " keeps changing while booking refund " + stripeRefundId);
    }

    private Writes marker(String stripeRefundId, String orderId, long amount) {
        return Markers.put(table, Keys.refundApplied(stripeRefundId), Keys.ItemType.REFUND_APPLIED, REFUND_MARKER, stripeRefundId,
                Map.of("orderId", Items.s(orderId), "amount", Items.n(amount)), null, clock);
    }

    public List<RefundStore.RefundRecord> of(String orderId) { return refunds.refunds(orderId); }
}
