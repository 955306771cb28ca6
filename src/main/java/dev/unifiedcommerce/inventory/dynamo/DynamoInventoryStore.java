package dev.unifiedcommerce.inventory.dynamo;

import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.InventoryStore;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.ReservationNotHeld;
import dev.unifiedcommerce.inventory.Shortage;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import dev.unifiedcommerce.platform.time.Instants;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.unifiedcommerce.inventory.dynamo.InventoryItems.*;
import static dev.unifiedcommerce.platform.table.Items.n;
import static dev.unifiedcommerce.platform.table.Items.s;
import static dev.unifiedcommerce.platform.table.Items.flag;
import static dev.unifiedcommerce.platform.table.Items.str;

/**
 * Stock levels, hold lines and reservations in the single table. Every stock change is a conditional write or
 * part of one transaction; the condition "available >= q" is what makes overselling impossible, whatever the
 * number of channels, threads or function instances.
 */
@ApplicationScoped
public class DynamoInventoryStore implements InventoryStore {
    /** Finished reservations stay readable this long, then DynamoDB TTL deletes them. */
    static final Duration FINISHED_RETENTION = Duration.ofDays(30);

    /** Tags naming what a transaction action protects, to explain a cancelled transaction. */
    record StockTag(ReservationLine line) {}
    record ReservationTag(String id) {}

    private final Table table;
    private final Clock clock;

    public DynamoInventoryStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public List<StockLevel> stockOf(String sku) {
        List<StockLevel> levels = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPrefix(null, Keys.PK, Keys.productPartition(sku), Keys.SK, Keys.STOCK_PREFIX, start, null);
            page.items().stream().map(InventoryItems::stockLevel).forEach(levels::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return levels;
    }

    @Override
    public Page<StockLevel> stockAt(String locationId, int limit, String next) {
        QueryResponse page = table.queryPrefix(Keys.GSI1, Keys.GSI1PK, Keys.locationPartition(locationId), Keys.GSI1SK,
                Keys.STOCK_PREFIX, Cursor.decode(next), limit);
        return new Page<>(page.items().stream().map(InventoryItems::stockLevel).toList(),
                page.hasLastEvaluatedKey() ? Cursor.encode(page.lastEvaluatedKey()) : null);
    }

    private Map<String, AttributeValue> stockIdentity(String sku, String locationId) {
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":type", s(Keys.ItemType.STOCK_LEVEL.name()));
        v.put(":sku", s(sku));
        v.put(":loc", s(locationId));
        v.putAll(Keys.setValues(Keys.stockLevelIndex(sku, locationId)));
        v.put(":zero", n(0));
        return v;
    }

    /** The attributes every stock level carries, set on each write so a level created by any path is complete. */
    private static final String IDENTITY = "#type = :type, sku = :sku, locationId = :loc, " + Keys.setClause(Keys.stockLevelIndex("x", "x"));

    @Override
    public StockLevel setOnHand(String sku, String locationId, long onHand, boolean productForSale) {
        Map<String, AttributeValue> values = stockIdentity(sku, locationId);
        values.put(":n", n(onHand));
        values.put(":no", AttributeValue.fromBool(false));
        try {
            var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.stockLevel(sku, locationId).asMap())
                    .updateExpression("SET " + IDENTITY + ", onHand = :n, reserved = if_not_exists(reserved, :zero), "
                            + "available = :n - if_not_exists(reserved, :zero), " + FOR_SALE + " = if_not_exists(" + FOR_SALE + ", :no)")
                    .conditionExpression("attribute_not_exists(reserved) OR reserved <= :n")
                    .expressionAttributeNames(Map.of("#type", Keys.TYPE))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            // a new level is for sale once the product's own item says so (markForSale checks it in its transaction)
            if (productForSale && !flag(out.attributes(), FOR_SALE)) markForSale(sku, locationId);
            return stockLevel(out.attributes());
        } catch (ConditionalCheckFailedException e) {
            long reserved = e.hasItem() ? Items.num(e.item(), RESERVED) : 0;
            throw new Problem(409, "below-reserved", "On hand below reserved",
                    "onHand " + onHand + " is below the " + reserved + " unit(s) reserved", "onHand", Map.of("reserved", reserved), null);
        }
    }

    @Override
    public StockLevel adjust(String sku, String locationId, long delta, String reason, boolean productForSale, Function<StockLevel, Writes> with) {
        // Read, then write the exact result under the condition that nothing moved meanwhile (optimistic), so the
        // answer is known before the transaction and can be stored with it (the idempotency record).
        for (int attempt = 0; attempt < 8; attempt++) {
            var item = table.get(Keys.stockLevel(sku, locationId));
            StockLevel before = item.map(InventoryItems::stockLevel).orElse(StockLevel.empty(sku, locationId));
            if (before.available() + delta < 0) {
                throw new Problem(409, "insufficient-stock", "Insufficient stock",
                        "cannot remove " + (-delta) + " unit(s): " + before.available() + " available (held units cannot be adjusted away)",
                        "delta", Map.of("available", before.available()), null);
            }
            StockLevel after = new StockLevel(sku, locationId, before.onHand() + delta, before.reserved(), before.available() + delta);
            Map<String, AttributeValue> values = stockIdentity(sku, locationId);
            values.remove(":zero");
            values.putAll(Map.of(":onHand", n(after.onHand()), ":reserved", n(after.reserved()), ":available", n(after.available()),
                    ":reason", s(reason), ":no", AttributeValue.fromBool(false)));
            String condition = "attribute_not_exists(#pk)";
            if (item.isPresent()) {
                values.putAll(Map.of(":wasOnHand", n(before.onHand()), ":wasReserved", n(before.reserved()), ":wasAvailable", n(before.available())));
                condition = "onHand = :wasOnHand AND reserved = :wasReserved AND available = :wasAvailable";
            }
            String cond = condition;
            var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.stockLevel(sku, locationId).asMap())
                    .updateExpression("SET " + IDENTITY + ", onHand = :onHand, reserved = :reserved, available = :available, "
                            + "lastAdjustmentReason = :reason, " + FOR_SALE + " = if_not_exists(" + FOR_SALE + ", :no)")
                    .conditionExpression(cond)
                    .expressionAttributeNames(cond.contains("#pk") ? Map.of("#type", Keys.TYPE, "#pk", Keys.PK) : Map.of("#type", Keys.TYPE))
                    .expressionAttributeValues(values)).build();
            try {
                table.transact(Writes.of(update, "stock-adjustment").and(with.apply(after)));
                if (item.isEmpty() && productForSale) markForSale(sku, locationId);
                return after;
            } catch (ConditionFailed failed) {
                if (failed.failures().stream().noneMatch(f -> "stock-adjustment".equals(f.tag()))) throw failed.explained().orElse(failed);
                // stock moved under us (a hold, another adjustment): read again
            }
        }
        throw Problem.conflict("concurrent-change", "Concurrent change", "the stock level keeps changing; retry");
    }

    @Override
    public java.util.Optional<Reservation> reservation(String id) {
        return table.get(Keys.reservation(id)).map(InventoryItems::toReservation);
    }

    @Override
    public void hold(Reservation r, Writes with, boolean forSaleOnly) {
        Writes writes = Writes.none();
        // The catalog's facts ride on the stock level (forSale; the level exists only for a known location), so one
        // transaction is the whole hold: no read of the catalog first.
        String condition = forSaleOnly ? "available >= :q AND " + FOR_SALE + " = :yes" : "available >= :q";
        for (ReservationLine line : r.lines()) {
            Map<String, AttributeValue> values = forSaleOnly ? Map.of(":q", n(line.quantity()), ":yes", AttributeValue.fromBool(true))
                    : Map.of(":q", n(line.quantity()));
            var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                    .key(Keys.stockLevel(line.sku(), line.locationId()).asMap())
                    .updateExpression("SET available = available - :q, reserved = reserved + :q")
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
            var holdLine = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(holdLine(r, line))).build();
            writes = writes.and(Writes.of(stock, new StockTag(line))).and(Writes.of(holdLine, "hold-line"));
        }
        var reservation = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(r))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        writes = writes.and(Writes.of(reservation, new ReservationTag(r.id())));
        try {
            table.transact(writes.and(with));
        } catch (ConditionFailed failed) {
            // what the caller's own writes say first (an Idempotency-Key already used answers as such, whatever the stock)
            failed.explained().ifPresent(e -> { throw e; });
            List<Shortage> shortages = failed.failures().stream().filter(f -> f.tag() instanceof StockTag).map(f -> {
                ReservationLine line = ((StockTag) f.tag()).line();
                long available = f.itemBefore().isEmpty() ? 0 : Items.num(f.itemBefore(), AVAILABLE);
                boolean forSale = !f.itemBefore().isEmpty() && flag(f.itemBefore(), FOR_SALE);
                return new Shortage(line.sku(), line.locationId(), line.quantity(), available, !forSaleOnly || forSale);
            }).toList();
            if (!shortages.isEmpty()) throw new InsufficientStock(shortages);
            throw failed;
        }
    }

    @Override
    public void finish(Reservation r, Reservation.Status to, Writes with) {
        try {
            table.transact(finishWrites(r, to).and(with));
        } catch (ConditionFailed failed) {
            if (!failed.tagsOf(ReservationTag.class).isEmpty()) throw new ReservationNotHeld(r.id());
            throw failed.explained().orElse(failed);
        }
    }

    @Override
    public Writes finishWrites(Reservation r, Reservation.Status to) {
        if (to == Reservation.Status.HELD) throw new IllegalArgumentException("finish moves a reservation out of HELD");
        Instant now = clock.instant();
        var reservation = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(r.id()).asMap())
                .updateExpression("SET #status = :to, finishedAt = :now, #ttl = :ttl " + Keys.REMOVE_HELD_INDEX)
                // still HELD and still owned as it was read: a hold an order claimed meanwhile is the order's to end
                .conditionExpression(r.orderId() == null ? "#status = :held AND attribute_not_exists(orderId)"
                        : "#status = :held AND orderId = :order")
                .expressionAttributeNames(Map.of("#status", STATUS, "#ttl", Keys.TTL))
                .expressionAttributeValues(finishValues(r, to, now))).build();
        Writes writes = Writes.of(reservation, new ReservationTag(r.id()));
        // Commit: the units leave the building (onHand), available is untouched. Release: they are for sale again.
        String stockUpdate = to == Reservation.Status.COMMITTED
                ? "SET onHand = onHand - :q, reserved = reserved - :q"
                : "SET available = available + :q, reserved = reserved - :q";
        for (ReservationLine line : r.lines()) {
            var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                    .key(Keys.stockLevel(line.sku(), line.locationId()).asMap())
                    .updateExpression(stockUpdate).expressionAttributeValues(Map.of(":q", n(line.quantity())))).build();
            var holdLine = TransactWriteItem.builder().delete(d -> d.tableName(table.name())
                    .key(Keys.holdLine(line.sku(), line.locationId(), r.id()).asMap())).build();
            writes = writes.and(Writes.of(stock, new StockTag(line))).and(Writes.of(holdLine, "hold-line"));
        }
        return writes;
    }

    private static Map<String, AttributeValue> finishValues(Reservation r, Reservation.Status to, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":held", s(Reservation.Status.HELD.name()),
                ":now", s(Instants.format(now)), ":ttl", n(now.plus(FINISHED_RETENTION).getEpochSecond())));
        if (r.orderId() != null) values.put(":order", s(r.orderId()));
        return values;
    }

    @Override
    public Writes restockWrites(String sku, String locationId, int quantity) {
        Map<String, AttributeValue> values = stockIdentity(sku, locationId);
        values.put(":q", n(quantity));
        values.put(":no", AttributeValue.fromBool(false));
        // a level made by a return is for sale once a hold finds the product active (markForSale)
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.stockLevel(sku, locationId).asMap())
                .updateExpression("SET " + IDENTITY + ", onHand = if_not_exists(onHand, :zero) + :q, "
                        + "available = if_not_exists(available, :zero) + :q, reserved = if_not_exists(reserved, :zero), "
                        + FOR_SALE + " = if_not_exists(" + FOR_SALE + ", :no)")
                .expressionAttributeNames(Map.of("#type", Keys.TYPE)).expressionAttributeValues(values)).build();
        return Writes.of(update, "restock");
    }

    /**
     * A stock level follows its product's {@code active} flag. Setting it true is checked against the product's own item
     * in the same transaction, so a level can never say "for sale" about a product that is not; false is always safe.
     */
    @Override
    public boolean markForSale(String sku, String locationId) {
        var product = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name()).key(Keys.product(sku).asMap())
                .conditionExpression("active = :yes").expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))).build();
        var level = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.stockLevel(sku, locationId).asMap())
                .updateExpression("SET " + FOR_SALE + " = :yes").conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))).build();
        try {
            table.transact(Writes.of(product, "product-for-sale").and(Writes.of(level, "stock-level")));
            return true;
        } catch (ConditionFailed notForSale) {
            return false;
        }
    }

    /**
     * After a product changed: every stock level of it says what the product now says, in transactions of up to 99 levels
     * each checked against the product still saying it (a later change of the product finishes its own pass).
     */
    @Override
    public void productChanged(String sku, boolean forSale) {
        List<String> stale = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPrefix(null, Keys.PK, Keys.productPartition(sku), Keys.SK, Keys.STOCK_PREFIX, start, null);
            page.items().stream().filter(i -> flag(i, FOR_SALE) != forSale).map(i -> str(i, "locationId")).forEach(stale::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        AttributeValue value = AttributeValue.fromBool(forSale);
        for (int from = 0; from < stale.size(); from += Writes.MAX_ACTIONS - 1) {
            Writes writes = Writes.of(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name()).key(Keys.product(sku).asMap())
                    .conditionExpression("active = :v").expressionAttributeValues(Map.of(":v", value))).build(), "product-for-sale");
            for (String loc : stale.subList(from, Math.min(stale.size(), from + Writes.MAX_ACTIONS - 1))) {
                writes = writes.and(Writes.of(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.stockLevel(sku, loc).asMap())
                        .updateExpression("SET " + FOR_SALE + " = :v").expressionAttributeValues(Map.of(":v", value))).build(), "stock-level"));
            }
            try {
                table.transact(writes);
            } catch (ConditionFailed changedAgain) {
                return; // the product changed again meanwhile: that change's own pass sets the levels
            }
        }
    }

    @Override
    public Writes claimForOrder(String reservationId, String orderId) {
        var claim = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(reservationId).asMap())
                .updateExpression("SET orderId = :order")
                .conditionExpression("#status = :held AND (attribute_not_exists(orderId) OR orderId = :order)")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":order", s(orderId), ":held", s(Reservation.Status.HELD.name())))).build();
        return Writes.of(claim, new ReservationTag(reservationId), () -> Problem.conflict("reservation-not-available",
                "Reservation not available", "reservation '" + reservationId + "' is no longer held or already belongs to another order"));
    }

    @Override
    public List<String> expiredHolds(String sku, String locationId, Instant now) {
        String cutoff = Instants.format(now);
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPrefix(null, Keys.PK, Keys.productPartition(sku), Keys.SK, Keys.holdLinePrefix(locationId), start, null);
            page.items().stream().filter(i -> Items.str(i, HOLD_EXPIRES_AT).compareTo(cutoff) <= 0)
                    .map(i -> Items.str(i, RESERVATION_ID)).forEach(ids::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    @Override
    public List<String> expiredReservations(Instant now, int limit) {
        QueryResponse page = table.query(QueryRequest.builder().indexName(Keys.GSI2)
                .keyConditionExpression("#pk = :held AND #sk <= :cutoff")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK, "#sk", Keys.GSI2SK))
                .expressionAttributeValues(Map.of(":held", s(Keys.HELD_RESERVATIONS), ":cutoff", s(Instants.format(now) + "#~")))
                .limit(limit));
        return page.items().stream().map(i -> Items.str(i, "id")).toList();
    }
}
