package dev.unifiedcommerce.order.dynamo;

import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStateChanged;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static dev.unifiedcommerce.platform.table.Items.s;

@ApplicationScoped
public class DynamoOrderStore implements OrderStore {
    record OrderTag(String id) {}

    private final Table table;

    public DynamoOrderStore(Table table) { this.table = table; }

    @Override
    public Writes createWrites(Order order, TimelineEntry first) {
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(OrderItems.toItem(order))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return TableWrite.of(put, new OrderTag(order.id())).and(entryWrite(order.id(), first));
    }

    @Override
    public void create(Order order, TimelineEntry first, Writes with) {
        try {
            table.transact(createWrites(order, first).and(with));
        } catch (ConditionFailed failed) {
            throw failed.explained();
        }
    }

    private Writes entryWrite(String orderId, TimelineEntry e) {
        String n = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(OrderItems.toItem(orderId, e, n))).build(), "timeline");
    }

    @Override
    public Optional<Order> order(String id) { return table.get(Keys.order(id)).map(OrderItems::toOrder); }

    @Override
    public List<Order> ordersOf(String customerId, int limit) {
        QueryResponse page = table.query(QueryRequest.builder().indexName(Keys.GSI1)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :orders)")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI1PK, "#sk", Keys.GSI1SK))
                .expressionAttributeValues(Map.of(":pk", s(Keys.customerPartition(customerId)), ":orders", s(Keys.CUSTOMER_ORDER_PREFIX)))
                .scanIndexForward(false).limit(limit));
        return page.items().stream().map(OrderItems::toOrder).toList();
    }

    @Override
    public List<TimelineEntry> timeline(String orderId) {
        List<TimelineEntry> entries = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.orderPartition(orderId), Keys.SK, Keys.ORDER_EVENT_PREFIX).stream().map(OrderItems::toEntry).forEach(entries::add);
        return entries;
    }

    @Override
    public boolean recordPayment(Order order, Order.Payment payment, TimelineEntry entry, Writes with) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", OrderItems.payment(payment)));
        if (!payment.intents().isEmpty()) values.put(":pis", OrderItems.intents(payment.intents()));
        String update = "SET payment = :p" + (payment.intents().isEmpty() ? "" : " ADD " + OrderItems.PAYMENT_INTENTS + " :pis");
        var write = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(order.id()).asMap())
                .updateExpression(update)
                .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(payment.paymentIntentId) AND attribute_not_exists(payment.checkoutSessionId)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(values)).build();
        try {
            table.transact(TableWrite.of(write, new OrderTag(order.id())).and(entryWrite(order.id(), entry)).and(with));
            return true;
        } catch (ConditionFailed failed) {
            if (failed.conditions(OrderTag.class).isEmpty()) throw failed.explained();
            return false;
        }
    }

    @Override
    public Writes transitionWrites(String orderId, Order.Status from, Order.Status to, TimelineEntry entry) {
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(orderId).asMap())
                .updateExpression("SET #status = :to").conditionExpression("#status = :from")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":to", s(to.name()), ":from", s(from.name())))).build();
        return TableWrite.of(update, new OrderTag(orderId), () -> new OrderStateChanged(orderId)).and(entryWrite(orderId, entry));
    }

    @Override
    public Writes paidWrites(String orderId, Order.Status from, Order.Status to, String paymentIntentId, TimelineEntry entry, long pointsEarned) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":from", s(from.name()), ":at", s(entry.at().toString()),
                ":earned", AttributeValue.fromN(Long.toString(pointsEarned))));
        String set = "SET #status = :to, paidAt = :at, " + OrderItems.POINTS_EARNED + " = :earned";
        // no PaymentIntent: an order whose discounts cover its total is paid without one
        if (paymentIntentId != null) {
            set += ", payment.paymentIntentId = :pi ADD " + OrderItems.PAYMENT_INTENTS + " :pis";
            values.put(":pi", s(paymentIntentId));
            values.put(":pis", OrderItems.intents(List.of(paymentIntentId)));
        }
        String expression = set;
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(orderId).asMap())
                .updateExpression(expression).conditionExpression("#status = :from")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values)).build();
        return TableWrite.of(update, new OrderTag(orderId), () -> new OrderStateChanged(orderId)).and(entryWrite(orderId, entry));
    }

    @Override
    public Writes holdSwapWrites(String orderId, String oldReservationId, String newReservationId) {
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(orderId).asMap())
                .updateExpression("SET reservationId = :new").conditionExpression("reservationId = :old")
                .expressionAttributeValues(Map.of(":new", s(newReservationId), ":old", s(oldReservationId)))).build();
        return TableWrite.of(update, new OrderTag(orderId), () -> new OrderStateChanged(orderId));
    }

    @Override
    public Writes fulfilmentWrites(Order order, Order.FulfilmentStatus from, Order.FulfilmentStatus to, TimelineEntry entry) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":from", s(from.name()),
                ":paid", s(Order.Status.PAID.name())));
        var queue = Keys.fulfilmentQueueIndex(order.fulfilment().locationId(), to.name(), Instants.format(order.createdAt()));
        values.putAll(Keys.setValues(queue));
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(order.id()).asMap())
                .updateExpression("SET fulfilmentStatus = :to, " + Keys.setClause(queue))
                .conditionExpression("fulfilmentStatus = :from AND #status = :paid")
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values)).build();
        return TableWrite.of(update, new FulfilmentMoved(order.id())).and(entryWrite(order.id(), entry));
    }

    @Override
    public boolean moveFulfilment(Order order, Order.FulfilmentStatus from, Order.FulfilmentStatus to, TimelineEntry entry) {
        try {
            table.transact(fulfilmentWrites(order, from, to, entry));
            return true;
        } catch (ConditionFailed failed) {
            return false;
        }
    }

    @Override
    public Page queue(String locationId, Order.FulfilmentStatus status, int limit, String next) {
        QueryResponse page = table.queryPrefix(Keys.GSI2, Keys.GSI2PK, Keys.fulfilmentQueue(locationId, status.name()), Keys.GSI2SK, null,
                Cursor.decode(next), limit);
        return new Page(page.items().stream().map(OrderItems::toOrder).toList(),
                Cursor.next(page));
    }

    @Override
    public Writes attachCustomerWrites(Order order, String customerId, long pointsEarned) {
        var index = Keys.customerOrderIndex(customerId, Instants.format(order.createdAt()));
        Map<String, AttributeValue> values = new HashMap<>(Keys.setValues(index));
        values.put(":c", s(customerId));
        values.put(":earned", AttributeValue.fromN(Long.toString(pointsEarned)));
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.order(order.id()).asMap())
                .updateExpression("SET customerId = :c, " + OrderItems.POINTS_EARNED + " = :earned, " + Keys.setClause(index))
                .conditionExpression("attribute_not_exists(customerId)")
                .expressionAttributeValues(values)).build();
        return TableWrite.of(update, new OrderTag(order.id()), () -> new OrderStateChanged(order.id()));
    }

    @Override
    public boolean transition(String orderId, Order.Status from, Order.Status to, TimelineEntry entry, Writes with) {
        try {
            table.transact(transitionWrites(orderId, from, to, entry).and(with));
            return true;
        } catch (ConditionFailed failed) {
            if (!failed.conditions(OrderTag.class).isEmpty()) return false;
            throw failed.explained();
        }
    }

    @Override
    public Writes entryWrites(String orderId, TimelineEntry entry) { return entryWrite(orderId, entry); }

    @Override
    public void append(String orderId, TimelineEntry entry) { table.transact(entryWrite(orderId, entry)); }

    @Override
    public void appendWith(String orderId, TimelineEntry entry, Writes with) { table.transact(entryWrite(orderId, entry).and(with)); }
}
