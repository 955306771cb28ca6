package dev.unifiedcommerce.payment.dynamo;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.order.dynamo.OrderItems;
import dev.unifiedcommerce.payment.RefundStatus;
import dev.unifiedcommerce.payment.RefundStore;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoRefundStore implements RefundStore {
    private final Table table;
    private final Clock clock;

    public DynamoRefundStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Refunded refunded(String orderId) { return refundedOf(table.get(Keys.order(orderId)).orElseThrow()); }

    @Override
    public Optional<RefundableOrder> refundable(String orderId) {
        return table.get(Keys.order(orderId)).map(item -> new RefundableOrder(OrderItems.toOrder(item), refundedOf(item)));
    }

    @Override
    public boolean closeIfFullyRefunded(String orderId, long total, Writes with) {
        var close = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(orderId).asMap())
                .updateExpression("SET #status = :refunded").conditionExpression("#status = :paid AND refunded >= :total")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":refunded", s(Order.Status.REFUNDED.name()), ":paid", s(Order.Status.PAID.name()),
                        ":total", n(total)))).build();
        try {
            table.transact(TableWrite.of(close, "order-close").and(with));
            return true;
        } catch (ConditionFailed notFully) {
            return false;
        }
    }

    private static Refunded refundedOf(Map<String, AttributeValue> item) {
        Map<String, Integer> quantities = new HashMap<>();
        map(item, "refundedQty").forEach((sku, v) -> quantities.put(sku, Integer.parseInt(v.n())));
        return new Refunded(num(item, "refunded"), quantities, item.containsKey(REFUNDED_POINTS) ? num(item, REFUNDED_POINTS) : 0, num(item, Keys.VERSION));
    }

    @Override
    public Optional<RefundRecord> refund(String orderId, String refundId) {
        return table.get(Keys.orderRefund(orderId, refundId)).map(DynamoRefundStore::toRecord);
    }

    @Override
    public List<RefundRecord> refunds(String orderId) {
        List<RefundRecord> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.orderPartition(orderId), Keys.SK, Keys.ORDER_REFUND_PREFIX).stream().map(DynamoRefundStore::toRecord).forEach(out::add);
        return out;
    }

    private static RefundRecord toRecord(Map<String, AttributeValue> i) {
        // merged by SKU: requests booked before lines were merged may name one SKU twice (each item once per transaction)
        Map<String, RefundLine> merged = new LinkedHashMap<>();
        if (i.containsKey("lines")) i.get("lines").l().stream().map(AttributeValue::m).forEach(m -> merged.merge(str(m, "sku"),
                new RefundLine(str(m, "sku"), (int) num(m, "quantity"), num(m, "unitAmount")),
                (a, b) -> new RefundLine(a.sku(), a.quantity() + b.quantity(), a.unitAmount())));
        List<RefundLine> lines = List.copyOf(merged.values());
        return new RefundRecord(str(i, "refundId"), str(i, "orderId"), num(i, "amount"), str(i, "currency"), lines,
                str(i, "restockLocationId"), str(i, "reason"), Status.valueOf(str(i, "status")), str(i, "stripeRefundId"),
                i.containsKey("stripeStatus") ? RefundStatus.of(str(i, "stripeStatus")) : null,
                i.containsKey("points") ? num(i, "points") : 0, str(i, "storeId"));
    }

    /** The order changes only if nobody else changed its refunds since we read them (optimistic lock on version). */
    /** The spent points booked to go back by the order's refunds (kept beside {@code refunded}). */
    static final String REFUNDED_POINTS = "refundedPoints";

    private TransactWriteItem bookOnOrder(String orderId, Refunded before, long newAmount, Map<String, Integer> newQuantities, long newPoints,
                                          boolean requirePaid) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":refunded", n(newAmount));
        values.put(":points", n(newPoints));
        values.put(":version", n(before.version() + 1));
        values.put(":was", n(before.version()));
        values.put(":qty", AttributeValue.fromM(newQuantities.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> n(e.getValue())))));
        String condition = before.version() == 0 ? "(attribute_not_exists(#v) OR #v = :was)" : "#v = :was";
        if (requirePaid) {
            values.put(":paid", s(Order.Status.PAID.name()));
            condition += " AND #status = :paid";
        }
        String cond = condition;
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(orderId).asMap())
                .updateExpression("SET refunded = :refunded, refundedQty = :qty, " + REFUNDED_POINTS + " = :points, #v = :version")
                .conditionExpression(cond)
                .expressionAttributeNames(requirePaid ? Map.of("#v", Keys.VERSION, "#status", "status") : Map.of("#v", Keys.VERSION))
                .expressionAttributeValues(values)).build();
    }

    @Override
    public Writes requestWrites(Order order, Refunded before, RefundRecord r) {
        Map<String, Integer> quantities = new HashMap<>(before.quantities());
        r.lines().forEach(l -> quantities.merge(l.sku(), l.quantity(), Integer::sum));
        Map<String, AttributeValue> item = Keys.orderRefund(order.id(), r.refundId()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.ORDER_REFUND.name()));
        item.put("refundId", s(r.refundId()));
        item.put("orderId", s(order.id()));
        item.put("amount", n(r.amount()));
        item.put("currency", s(r.currency()));
        item.put("lines", AttributeValue.fromL(r.lines().stream().map(l -> AttributeValue.fromM(Map.of("sku", s(l.sku()),
                "quantity", n(l.quantity()), "unitAmount", n(l.unitAmount())))).toList()));
        if (r.restockLocationId() != null) item.put("restockLocationId", s(r.restockLocationId()));
        if (r.reason() != null) item.put("reason", s(r.reason()));
        item.put("status", s(Status.PENDING.name()));
        if (r.points() != 0) item.put("points", n(r.points()));
        if (r.storeId() != null) item.put("storeId", s(r.storeId()));
        // the day it is reported on (the change stream and the recount both read it)
        item.put("requestedAt", s(clock.instant().toString()));
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return TableWrite.of(bookOnOrder(order.id(), before, before.amount() + r.amount(), quantities, before.points() + r.points(), true), "order-refunds",
                        () -> new OrderStateChanged(order.id()))
                .and(TableWrite.of(put, "refund-request"));
    }

    @Override
    public Writes failedLaterWrites(RefundRecord r, RefundableOrder read, boolean reopen) {
        // the request may be PENDING or SUCCEEDED, never FAILED twice
        var request = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.orderRefund(r.orderId(), r.refundId()).asMap())
                .updateExpression("SET #status = :failed, failedAt = :at").conditionExpression("#status <> :failed")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":failed", s(Status.FAILED.name()), ":at", s(clock.instant().toString())))).build();
        return TableWrite.of(giveBack(r, read, reopen), "order-refunds", () -> new OrderStateChanged(r.orderId()))
                .and(TableWrite.of(request, "refund-request", () -> new RefundStateChanged(r.refundId())));
    }

    /** Arithmetic in SET (not a read-modify-write): refunds booked meanwhile by others stay booked. */
    private TransactWriteItem giveBack(RefundRecord r, RefundableOrder read, boolean reopen) {
        StringBuilder update = new StringBuilder("SET refunded = refunded - :a, #v = #v + :one");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":a", n(r.amount()), ":one", n(1)));
        if (r.points() != 0) {
            update.append(", " + REFUNDED_POINTS + " = " + REFUNDED_POINTS + " - :pts");
            values.put(":pts", n(r.points()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#v", Keys.VERSION));
        for (int i = 0; i < r.lines().size(); i++) {
            update.append(", refundedQty.#s").append(i).append(" = refundedQty.#s").append(i).append(" - :q").append(i);
            names.put("#s" + i, r.lines().get(i).sku());
            values.put(":q" + i, n(r.lines().get(i).quantity()));
        }
        // As the caller read the order: PAID (arithmetic then keeps refunds booked meanwhile); REFUNDED only as read to the
        // version, since whether it reopens depends on what else is refunded. A change meanwhile: the caller reads again.
        names.put("#st", "status");
        String condition;
        if (read.order().status() == Order.Status.REFUNDED) {
            values.put(":refunded", s(Order.Status.REFUNDED.name()));
            values.put(":was", n(read.refunded().version()));
            condition = "#st = :refunded AND #v = :was";
            if (reopen) {
                update.append(", #st = :paid");
                values.put(":paid", s(Order.Status.PAID.name()));
            }
        } else {
            values.put(":paid", s(Order.Status.PAID.name()));
            condition = "#st = :paid";
        }
        String cond = condition;
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(r.orderId()).asMap()).updateExpression(update.toString())
                .expressionAttributeNames(names).expressionAttributeValues(values).conditionExpression(cond)).build();
    }

    @Override
    public Writes undoWrites(RefundRecord r, RefundableOrder read, boolean reopen) {
        var order = giveBack(r, read, reopen);
        var request = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.orderRefund(r.orderId(), r.refundId()).asMap())
                .updateExpression("SET #status = :failed, failedAt = :at").conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":failed", s(Status.FAILED.name()), ":pending", s(Status.PENDING.name()),
                        ":at", s(clock.instant().toString())))).build();
        return TableWrite.of(order, "order-refunds", () -> new OrderStateChanged(r.orderId()))
                .and(TableWrite.of(request, "refund-request", () -> new RefundStateChanged(r.refundId())));
    }

    @Override
    public Writes succeededWrites(RefundRecord r, String stripeRefundId, RefundStatus stripeStatus) {
        var request = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.orderRefund(r.orderId(), r.refundId()).asMap())
                .updateExpression("SET #status = :ok, stripeRefundId = :re, stripeStatus = :st").conditionExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":ok", s(Status.SUCCEEDED.name()), ":pending", s(Status.PENDING.name()),
                        ":re", s(stripeRefundId), ":st", s((stripeStatus == null ? RefundStatus.PENDING : stripeStatus).word())))).build();
        return TableWrite.of(request, "refund-request", () -> new RefundStateChanged(r.refundId()));
    }

    @Override
    public Writes externalWrites(String orderId, Refunded before, long amount, long points, String currency, String stripeRefundId, RefundStatus stripeStatus,
                                 boolean ofSale) {
        Writes booked = TableWrite.of(bookOnOrder(orderId, before, before.amount() + amount, before.quantities(), before.points() + points, false),
                "order-refunds", () -> new OrderStateChanged(orderId));
        if (!ofSale || (amount == 0 && points == 0)) return booked;
        // kept beside our own refunds (named by Stripe's id), so the order's refunds and the sales report show it too
        Map<String, AttributeValue> item = Keys.orderRefund(orderId, stripeRefundId).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.ORDER_REFUND.name()));
        item.put("refundId", s(stripeRefundId));
        item.put("orderId", s(orderId));
        item.put("amount", n(amount));
        item.put("currency", s(currency));
        item.put("lines", AttributeValue.fromL(List.of()));
        item.put("reason", s("refunded outside this system"));
        item.put("status", s(Status.SUCCEEDED.name()));
        item.put("stripeRefundId", s(stripeRefundId));
        item.put("stripeStatus", s((stripeStatus == null ? RefundStatus.SUCCEEDED : stripeStatus).word()));
        if (points != 0) item.put("points", n(points));
        item.put("requestedAt", s(clock.instant().toString()));
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return booked.and(TableWrite.of(put, "refund-outside"));
    }
}
