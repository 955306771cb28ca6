package dev.unifiedcommerce.inventory.dynamo;

import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.InventoryStore;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.ReservationNotHeld;
import dev.unifiedcommerce.inventory.ShardPlan;
import dev.unifiedcommerce.inventory.Shortage;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableUnavailable;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.KeepsChanging;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static dev.unifiedcommerce.inventory.dynamo.InventoryItems.*;
import static dev.unifiedcommerce.platform.table.Items.flag;
import static dev.unifiedcommerce.platform.table.Items.n;
import static dev.unifiedcommerce.platform.table.Items.s;
import static dev.unifiedcommerce.platform.table.Items.str;

/**
 * Stock levels, hold lines and reservations in the single table. Every stock change is a conditional write or
 * part of one transaction; the condition "available >= q" is what makes overselling impossible, whatever the
 * number of channels, threads or function instances.
 */
@ApplicationScoped
public class DynamoInventoryStore implements InventoryStore {
    private static final Logger LOG = Logger.getLogger(DynamoInventoryStore.class);
    /** Finished reservations stay readable this long, then DynamoDB TTL deletes them. */
    static final Duration FINISHED_RETENTION = Duration.ofDays(30);

    /**
     * The most actions a hold's own writes may take: the transaction that finishes it later writes the same items plus
     * the caller's (a payment adds the order, its timeline, two markers and the loyalty entry and balance), and both must
     * fit DynamoDB's 100 actions.
     */
    static final int MAX_HOLD_ACTIONS = Writes.MAX_ACTIONS - 15;

    /** Tags naming what a transaction action protects, to explain a cancelled transaction. */
    record StockTag(ReservationLine line, int shard) {}
    record ReservationTag(String id) {}

    private final Table table;
    private final Clock clock;
    private final ShardCounts counts;

    public DynamoInventoryStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
        this.counts = new ShardCounts(clock);
    }

    /**
     * How many shards each level's holds spread over, as this instance last read it (for a minute). Only a first guess:
     * a guess too small uses fewer shards; too large, or "not split" for a split level, fails its condition and the
     * shards are read. Correctness never rests on it.
     */
    static final class ShardCounts {
        private record Known(int shards, Instant until) {}
        private final Map<String, Known> known = new ConcurrentHashMap<>();
        private final Clock clock;

        ShardCounts(Clock clock) { this.clock = clock; }

        int shards(String sku, String locationId) {
            Known k = known.get(sku + "\u0000" + locationId);
            return k == null || k.until().isBefore(clock.instant()) ? 1 : k.shards();
        }

        void learn(String sku, String locationId, Map<String, AttributeValue> level) {
            if (level.isEmpty()) return;
            if (known.size() > 10_000) known.clear(); // bounded: a lookup missed costs one refused transaction
            know(sku, locationId, InventoryItems.shards(level));
        }

        void know(String sku, String locationId, int shards) {
            known.put(sku + "\u0000" + locationId, new Known(shards, clock.instant().plusSeconds(60)));
        }
    }

    @Override
    public List<StockLevel> stockOf(String sku) { return summed(levelItems(sku)); }

    /** The own items of every stock level of a SKU (its product's partition, every page). */
    private List<Map<String, AttributeValue>> levelItems(String sku) {
        return table.queryAll(null, Keys.PK, Keys.productPartition(sku), Keys.SK, Keys.STOCK_PREFIX);
    }

    @Override
    public Page<StockLevel> stockAt(String locationId, int limit, String next) {
        QueryResponse page = table.queryPrefix(Keys.GSI1, Keys.GSI1PK, Keys.locationPartition(locationId), Keys.GSI1SK,
                Keys.STOCK_PREFIX, Cursor.decode(next), limit);
        return new Page<>(summed(page.items()), Cursor.next(page));
    }

    /** Levels as read, a split level's shards summed in (one BatchGetItem for all the shards on the page). */
    private List<StockLevel> summed(List<Map<String, AttributeValue>> levels) {
        List<Key> shardKeys = new ArrayList<>();
        for (var level : levels) {
            for (int k = 1; k < span(level); k++) shardKeys.add(Keys.stockShard(str(level, "sku"), str(level, "locationId"), k));
        }
        Map<Key, Map<String, AttributeValue>> shards = new HashMap<>();
        if (!shardKeys.isEmpty()) table.getAll(shardKeys).forEach(i -> shards.put(new Key(str(i, Keys.PK), str(i, Keys.SK)), i));
        List<StockLevel> out = new ArrayList<>();
        for (var level : levels) {
            StockLevel sum = stockLevel(level);
            for (int k = 1; k < span(level); k++) {
                var shard = shards.get(Keys.stockShard(sum.sku(), sum.locationId(), k));
                if (shard == null) continue;
                sum = new StockLevel(sum.sku(), sum.locationId(), sum.onHand() + Items.num(shard, ON_HAND), sum.reserved() + Items.num(shard, RESERVED),
                        sum.available() + Items.num(shard, AVAILABLE), sum.shards());
            }
            out.add(sum);
        }
        return out;
    }

    /** A stock level's own item and its shard items, read consistently: index k is shard k (empty map: not there). */
    private List<Map<String, AttributeValue>> readShards(String sku, String locationId) {
        var level = table.get(Keys.stockLevel(sku, locationId)).orElse(Map.of());
        List<Map<String, AttributeValue>> shards = new ArrayList<>(List.of(level));
        int span = level.isEmpty() ? 1 : span(level);
        if (span > 1) {
            List<Key> keys = new ArrayList<>();
            for (int k = 1; k < span; k++) keys.add(Keys.stockShard(sku, locationId, k));
            Map<Key, Map<String, AttributeValue>> found = new HashMap<>();
            table.getAll(keys).forEach(i -> found.put(new Key(str(i, Keys.PK), str(i, Keys.SK)), i));
            for (Key k : keys) shards.add(found.getOrDefault(k, Map.of()));
        }
        counts.learn(sku, locationId, level);
        return shards;
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
        values.put(":one", n(1));
        try {
            var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.stockLevel(sku, locationId).asMap())
                    .updateExpression("SET " + IDENTITY + ", onHand = :n, reserved = if_not_exists(reserved, :zero), "
                            + "available = :n - if_not_exists(reserved, :zero), " + FOR_SALE + " = if_not_exists(" + FOR_SALE + ", :no)")
                    .conditionExpression("(attribute_not_exists(reserved) OR reserved <= :n) AND (attribute_not_exists(" + SHARD_SPAN + ") OR "
                            + SHARD_SPAN + " <= :one)")
                    .expressionAttributeNames(Map.of("#type", Keys.TYPE))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            // a new level is for sale once the product's own item says so (markForSale checks it in its transaction)
            if (productForSale && !flag(out.attributes(), FOR_SALE)) markForSale(sku, locationId);
            return stockLevel(out.attributes());
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && span(e.item()) > 1) {
                // split into shards: the new total is spread over them, each under the condition it is as read
                return respread(sku, locationId, null, levels -> {
                    long reserved = levels.stream().mapToLong(l -> Items.num(l, RESERVED)).sum();
                    if (onHand < reserved) throw belowReserved(onHand, reserved);
                    return onHand - reserved;
                }, after -> Writes.none());
            }
            long reserved = e.hasItem() ? Items.num(e.item(), RESERVED) : 0;
            throw belowReserved(onHand, reserved);
        }
    }

    private static Rejected belowReserved(long onHand, long reserved) {
        return new Rejected(Rejected.Kind.CONFLICT, "below-reserved", "On hand below reserved",
                "onHand " + onHand + " is below the " + reserved + " unit(s) reserved", "onHand", Map.of("reserved", reserved), null);
    }

    @Override
    public StockLevel adjust(String sku, String locationId, long delta, String reason, boolean productForSale, Function<StockLevel, Writes> with) {
        // Read, then write the exact result under the condition that nothing moved meanwhile (optimistic), so the
        // answer is known before the transaction and can be stored with it (the idempotency record).
        return Contention.retry("the stock level of '" + sku + "' at '" + locationId + "'", () -> {
            var item = table.get(Keys.stockLevel(sku, locationId));
            if (item.isPresent() && span(item.get()) > 1) {
                // split into shards: the new available is spread over them (which also evens them out)
                return Optional.of(respread(sku, locationId, null, levels -> {
                    long available = levels.stream().mapToLong(l -> Items.num(l, AVAILABLE)).sum();
                    if (available + delta < 0) throw notThatMuch(delta, available);
                    return available + delta;
                }, after -> with.apply(after)));
            }
            StockLevel before = item.map(InventoryItems::stockLevel).orElse(StockLevel.empty(sku, locationId));
            if (before.available() + delta < 0) throw notThatMuch(delta, before.available());
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
                table.transact(TableWrite.of(update, "stock-adjustment").and(with.apply(after)));
                if (item.isEmpty() && productForSale) markForSale(sku, locationId);
                return Optional.of(after);
            } catch (ConditionFailed failed) {
                if (failed.failures().stream().noneMatch(f -> "stock-adjustment".equals(f.condition()))) throw failed.explained();
                // stock moved under us (a hold, another adjustment): read again
            }
            return Optional.empty();
        });
    }

    private static Rejected notThatMuch(long delta, long available) {
        return new Rejected(Rejected.Kind.CONFLICT, "insufficient-stock", "Insufficient stock",
                "cannot remove " + (-delta) + " unit(s): " + available + " available (held units cannot be adjusted away)",
                "delta", Map.of("available", available), null);
    }

    /**
     * Spreads a split stock level again: reads its items, asks {@code newAvailable} (given every item as read) for the
     * level's new total available, and writes each item's share (reserved units stay where their holds put them) in one
     * transaction whose every item is conditional on being as read; {@code shards} non-null also changes the number of
     * shards new holds use (items beyond it are emptied of available units, kept while they hold reserved ones).
     */
    private StockLevel respread(String sku, String locationId, Integer shards, Function<List<Map<String, AttributeValue>>, Long> newAvailable,
                                Function<StockLevel, Writes> with) {
        return Contention.retry("the stock level of '" + sku + "' at '" + locationId + "'", () -> {
            List<Map<String, AttributeValue>> items = readShards(sku, locationId);
            var level = items.getFirst();
            if (level.isEmpty()) throw Rejected.notFound("stock level", "locationId", locationId);
            List<Map<String, AttributeValue>> present = items.stream().filter(i -> !i.isEmpty()).toList();
            long total = newAvailable.apply(present);
            int n = shards != null ? shards : shards(level);
            // every item there is or will be is written (conditional on being as read); the span kept is the shards holds
            // use plus any beyond them still holding reserved units (their holds give them back there)
            int written = Math.max(n, items.size()), span = n;
            for (int k = n; k < items.size(); k++) if (!items.get(k).isEmpty() && Items.num(items.get(k), RESERVED) > 0) span = k + 1;
            long[] share = ShardPlan.spread(total, n, written);
            Writes writes = Writes.none();
            long onHand = 0, reserved = 0;
            for (int k = 0; k < written; k++) {
                var before = k < items.size() ? items.get(k) : Map.<String, AttributeValue>of();
                long r = before.isEmpty() ? 0 : Items.num(before, RESERVED);
                onHand += r + share[k];
                reserved += r;
                writes = writes.and(TableWrite.of(shardWrite(sku, locationId, k, before, r + share[k], r, share[k], k == 0 ? n : null, span,
                        flag(level, FOR_SALE)), "stock-shard"));
            }
            StockLevel after = new StockLevel(sku, locationId, onHand, reserved, total, n);
            try {
                table.transact(writes.and(with.apply(after)));
                counts.know(sku, locationId, n);
                return Optional.of(after);
            } catch (ConditionFailed failed) {
                if (failed.failures().stream().noneMatch(f -> "stock-shard".equals(f.condition()))) throw failed.explained();
                // a hold or another change moved a shard under us: read again
            }
            return Optional.empty();
        });
    }

    /** One item of a split level set to its new numbers, conditional on being as read (created when it was not there). */
    private TransactWriteItem shardWrite(String sku, String locationId, int k, Map<String, AttributeValue> before, long onHand, long reserved,
                                         long available, Integer shards, int span, boolean forSale) {
        Key key = Keys.stockShard(sku, locationId, k);
        if (before.isEmpty()) {
            Map<String, AttributeValue> item = key.asMap();
            item.putAll(Map.of(Keys.TYPE, s(Keys.ItemType.STOCK_SHARD.name()), "sku", s(sku), "locationId", s(locationId), "shard", n(k),
                    ON_HAND, n(onHand), RESERVED, n(reserved), AVAILABLE, n(available), FOR_SALE, AttributeValue.fromBool(forSale)));
            // not read because beyond the span: never there, or left by an earlier split holding nothing
            return TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR (onHand = :zero AND reserved = :zero AND available = :zero)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":zero", n(0)))).build();
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":onHand", n(onHand), ":reserved", n(reserved), ":available", n(available),
                ":wasOnHand", n(Items.num(before, ON_HAND)), ":wasReserved", n(Items.num(before, RESERVED)), ":wasAvailable", n(Items.num(before, AVAILABLE))));
        StringBuilder update = new StringBuilder("SET onHand = :onHand, reserved = :reserved, available = :available");
        // the flag as read too: new shards copy the level's, so a product change meanwhile must make this write read again
        String forSaleAsRead = before.containsKey(FOR_SALE) ? " AND " + FOR_SALE + " = :wasForSale" : " AND attribute_not_exists(" + FOR_SALE + ")";
        if (before.containsKey(FOR_SALE)) values.put(":wasForSale", before.get(FOR_SALE));
        String remove = "";
        if (shards != null) {
            values.put(":shards", n(shards));
            values.put(":span", n(span));
            update.append(", " + SHARDS + " = :shards, " + SHARD_SPAN + " = :span");
            if (span > 1) {
                values.putAll(Keys.setValues(Keys.shardedIndex(sku, locationId)));
                update.append(", ").append(Keys.setClause(Keys.shardedIndex(sku, locationId)));
            } else {
                remove = " REMOVE " + Keys.GSI2PK + ", " + Keys.GSI2SK;
            }
        }
        String expression = update + remove;
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(key.asMap()).updateExpression(expression)
                .conditionExpression("onHand = :wasOnHand AND reserved = :wasReserved AND available = :wasAvailable" + forSaleAsRead)
                .expressionAttributeValues(values)).build();
    }

    @Override
    public StockLevel setShards(String sku, String locationId, int shards) {
        if (shards < 1 || shards > ShardPlan.MAX_SHARDS) throw Rejected.invalid("count", "must be 1 to " + ShardPlan.MAX_SHARDS);
        return respread(sku, locationId, shards, levels -> levels.stream().mapToLong(l -> Items.num(l, AVAILABLE)).sum(), after -> Writes.none());
    }

    @Override
    public int rebalance(int limit) {
        QueryResponse page = table.query(QueryRequest.builder().indexName(Keys.GSI2)
                .keyConditionExpression("#pk = :sharded").expressionAttributeNames(Map.of("#pk", Keys.GSI2PK))
                .expressionAttributeValues(Map.of(":sharded", s(Keys.SHARDED))).limit(limit));
        int moved = 0;
        for (var level : page.items()) {
            String sku = str(level, "sku"), loc = str(level, "locationId");
            List<Map<String, AttributeValue>> items = readShards(sku, loc);
            int n = shards(items.getFirst());
            long total = items.stream().filter(i -> !i.isEmpty()).mapToLong(i -> Items.num(i, AVAILABLE)).sum();
            long low = items.subList(0, Math.min(n, items.size())).stream().mapToLong(i -> i.isEmpty() ? 0 : Items.num(i, AVAILABLE)).min().orElse(0);
            long stranded = items.size() > n ? items.subList(n, items.size()).stream().mapToLong(i -> i.isEmpty() ? 0 : Items.num(i, AVAILABLE)).sum() : 0;
            // a shard under half its fair share (while the level has at least a unit per shard), or units left beyond the
            // shards holds use: spread again; a level that is low everywhere is left alone (nothing to move)
            if ((total >= n && low * 2 * n < total) || stranded > 0) {
                try {
                    respread(sku, loc, null, l -> l.stream().mapToLong(i -> Items.num(i, AVAILABLE)).sum(), after -> Writes.none());
                    moved++;
                } catch (Rejected | KeepsChanging busy) {
                    LOG.warnf("could not rebalance %s at %s now (%s); the next sweep tries again", sku, loc, busy.getMessage());
                }
            }
        }
        return moved;
    }

    @Override
    public Optional<Reservation> reservation(String id) {
        return table.get(Keys.reservation(id)).map(InventoryItems::toReservation);
    }

    /**
     * One transaction is the whole hold. The catalog's facts ride on the stock level (forSale; the level exists only for a
     * known location), so there is no read of the catalog first. A level split into shards (a hot SKU) is drawn from the
     * shard a hash of the reservation picks; when this instance did not know the level was split, or that shard is short,
     * the shards are read and the line drawn from as few of them as have the units (each one conditional on its own
     * {@code available}), and the transaction is tried again. Never more than the shards have: every write is conditional.
     */
    @Override
    public Reservation hold(Reservation r, Writes with, boolean forSaleOnly) {
        Reservation planned = r.withLines(r.lines().stream().map(l -> {
            int n = counts.shards(l.sku(), l.locationId());
            return n <= 1 ? l : l.withDraws(List.of(new ReservationLine.Draw(ShardPlan.preferred(r.id(), l.sku(), n), l.quantity())));
        }).toList());
        for (int attempt = 0; ; attempt++) {
            try {
                table.transact(holdWrites(planned, forSaleOnly).and(with));
                return planned;
            } catch (ConditionFailed failed) {
                // what the caller's own writes say first (an Idempotency-Key already used answers as such, whatever the stock)
                failed.meaning().ifPresent(e -> { throw e; });
                List<Shortage> shortages = new ArrayList<>();
                List<ReservationLine> lines = new ArrayList<>(planned.lines());
                boolean replanned = false;
                // a line drawn from several shards may be refused by more than one of them: each line is decided once
                Set<ReservationLine> decided = new HashSet<>();
                for (ConditionFailed.Failure f : failed.failures()) {
                    if (!(f.condition() instanceof StockTag tag) || !decided.add(tag.line())) continue;
                    ReservationLine line = tag.line();
                    var before = f.itemBefore();
                    boolean split = !line.draws().isEmpty() || (!before.isEmpty() && span(before) > 1);
                    if (!split || attempt >= 3) {
                        // not split: the catalog explains a level not for sale (Inventory: inactive, unknown, or a flag to set)
                        shortages.add(seen(line, before, forSaleOnly));
                        continue;
                    }
                    List<Map<String, AttributeValue>> items = readShards(line.sku(), line.locationId());
                    int n = shards(items.getFirst());
                    // every item that has units counts, also those beyond n (units given back there after the level was
                    // gathered, until the Sweeper moves them): the shards holds use first, from the one the hash picks;
                    // an item not saying "for sale" is passed over (if none does, the catalog explains it, as above)
                    long[] available = new long[items.size()];
                    boolean anyForSale = false;
                    for (int k = 0; k < items.size(); k++) {
                        var item = items.get(k);
                        boolean sellable = !item.isEmpty() && (!forSaleOnly || flag(item, FOR_SALE));
                        anyForSale |= sellable;
                        available[k] = sellable ? Items.num(item, AVAILABLE) : 0;
                    }
                    var draws = ShardPlan.draws(available, ShardPlan.preferred(r.id(), line.sku(), n), line.quantity());
                    if (draws.isEmpty()) {
                        shortages.add(new Shortage(line.sku(), line.locationId(), line.quantity(), Arrays.stream(available).sum(), anyForSale));
                    } else {
                        lines.set(lines.indexOf(line), line.withDraws(draws));
                        replanned = true;
                    }
                }
                if (!shortages.isEmpty()) throw new InsufficientStock(shortages);
                if (!replanned) throw failed;
                planned = planned.withLines(lines);
            }
        }
    }

    private Writes holdWrites(Reservation r, boolean forSaleOnly) {
        Writes writes = Writes.none();
        for (ReservationLine line : r.lines()) {
            for (ReservationLine.Draw d : line.drawsOrLevel()) {
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":q", n(d.quantity())));
                StringBuilder condition = new StringBuilder("available >= :q");
                if (forSaleOnly) {
                    values.put(":yes", AttributeValue.fromBool(true));
                    condition.append(" AND " + FOR_SALE + " = :yes");
                }
                if (line.draws().isEmpty()) {
                    // planned as not split: if it is (this instance did not know), the refusal says so and the line is spread
                    values.put(":one", n(1));
                    condition.append(" AND (attribute_not_exists(" + SHARDS + ") OR " + SHARDS + " <= :one)");
                }
                String c = condition.toString();
                var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                        .key(Keys.stockShard(line.sku(), line.locationId(), d.shard()).asMap())
                        .updateExpression("SET available = available - :q, reserved = reserved + :q")
                        .conditionExpression(c)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
                writes = writes.and(TableWrite.of(stock, new StockTag(line, d.shard())));
            }
            var holdLine = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(holdLine(r, line))).build();
            writes = writes.and(TableWrite.of(holdLine, "hold-line"));
        }
        var reservation = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(r))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        writes = writes.and(TableWrite.of(reservation, new ReservationTag(r.id())));
        if (writes.size() > MAX_HOLD_ACTIONS) {
            throw Rejected.unusable("lines", "this hold draws from too many stock items for one transaction (" + writes.size()
                    + "); hold fewer lines of split stock at once");
        }
        return writes;
    }

    @Override
    public void finish(Reservation r, Reservation.Status to, Writes with) {
        try {
            table.transact(finishWrites(r, to).and(with));
        } catch (ConditionFailed failed) {
            if (!failed.conditions(ReservationTag.class).isEmpty()) throw new ReservationNotHeld(r.id());
            throw failed.explained();
        }
    }

    @Override
    public Writes finishWrites(Reservation r, Reservation.Status to) {
        if (to == Reservation.Status.HELD) throw new IllegalArgumentException("finish moves a reservation out of HELD");
        Instant now = clock.instant();
        var reservation = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(r.id()).asMap())
                .updateExpression("SET #status = :to, finishedAt = :now, #ttl = :ttl " + Keys.REMOVE_HELD_INDEX)
                // still HELD and still owned as it was read: a hold an order claimed meanwhile is the order's to end
                .conditionExpression((r.orderId() == null ? "#status = :held AND attribute_not_exists(orderId)" : "#status = :held AND orderId = :order")
                        // a caller that knows no shards must be right about that: else it reads the reservation and its draws
                        + (r.lines().stream().allMatch(l -> l.draws().isEmpty()) ? " AND attribute_not_exists(" + InventoryItems.SHARDED + ")" : "")
                        // its lines as read: units moved out of it meanwhile (a till sale) are not released from here
                        + (r.linesVersion() == 0 ? " AND attribute_not_exists(" + LINES_VERSION + ")" : " AND " + LINES_VERSION + " = :lv"))
                .expressionAttributeNames(Map.of("#status", STATUS, "#ttl", Keys.TTL))
                .expressionAttributeValues(finishValues(r, to, now))).build();
        Writes writes = TableWrite.of(reservation, new ReservationTag(r.id()));
        // Commit: the units leave the building (onHand), available is untouched. Release: they are for sale again.
        String stockUpdate = to == Reservation.Status.COMMITTED
                ? "SET onHand = onHand - :q, reserved = reserved - :q"
                : "SET available = available + :q, reserved = reserved - :q";
        for (ReservationLine line : r.lines()) {
            for (ReservationLine.Draw draw : line.drawsOrLevel()) { // back to the shards the units came from
                var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                        .key(Keys.stockShard(line.sku(), line.locationId(), draw.shard()).asMap())
                        .updateExpression(stockUpdate).expressionAttributeValues(Map.of(":q", n(draw.quantity())))).build();
                writes = writes.and(TableWrite.of(stock, new StockTag(line, draw.shard())));
            }
            var holdLine = TransactWriteItem.builder().delete(d -> d.tableName(table.name())
                    .key(Keys.holdLine(line.sku(), line.locationId(), r.id(), line.homeShard()).asMap())).build();
            writes = writes.and(TableWrite.of(holdLine, "hold-line"));
        }
        return writes;
    }

    private static Map<String, AttributeValue> finishValues(Reservation r, Reservation.Status to, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name()), ":held", s(Reservation.Status.HELD.name()),
                ":now", s(Instants.format(now)), ":ttl", n(now.plus(FINISHED_RETENTION).getEpochSecond())));
        if (r.orderId() != null) values.put(":order", s(r.orderId()));
        if (r.linesVersion() > 0) values.put(":lv", n(r.linesVersion()));
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
        return TableWrite.of(update, "restock");
    }

    @Override
    public Writes shipWrites(List<ReservationLine> lines) {
        Writes writes = Writes.none();
        List<Shortage> shortages = new ArrayList<>();
        for (ReservationLine line : lines) {
            // a shipment is rare (once per delivery): the level and its shards are read, and drawn from as they stand
            var items = readShards(line.sku(), line.locationId());
            long[] available = items.stream().mapToLong(i -> i.isEmpty() ? 0 : Items.num(i, AVAILABLE)).toArray();
            var draws = items.getFirst().isEmpty() ? List.<ReservationLine.Draw>of() : ShardPlan.draws(available, 0, line.quantity());
            if (draws.isEmpty()) {
                shortages.add(new Shortage(line.sku(), line.locationId(), line.quantity(), Arrays.stream(available).sum()));
                continue;
            }
            for (ReservationLine.Draw d : draws) {
                var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                        .key(Keys.stockShard(line.sku(), line.locationId(), d.shard()).asMap())
                        .updateExpression("SET onHand = onHand - :q, available = available - :q")
                        .conditionExpression("available >= :q").expressionAttributeValues(Map.of(":q", n(d.quantity())))).build();
                writes = writes.and(TableWrite.of(stock, new InventoryStore.Shipped(line.sku(), line.locationId())));
            }
        }
        if (!shortages.isEmpty()) throw new InsufficientStock(shortages);
        // drawn from too many shards for one transaction with what ships with it: waits (backordered) rather than fail
        if (writes.size() > MAX_SHIP_ACTIONS) throw new InsufficientStock(List.of());
        return writes;
    }

    /** Room left for the rest of a delivery's transaction (order, timeline, markers, points, the subscription). */
    private static final int MAX_SHIP_ACTIONS = 80;

    /**
     * A stock level follows its product's {@code active} flag. Setting it true is checked against the product's own item
     * in the same transaction, so a level can never say "for sale" about a product that is not; false is always safe.
     */
    @Override
    public boolean markForSale(String sku, String locationId) {
        var product = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name()).key(Keys.product(sku).asMap())
                .conditionExpression("active = :yes").expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))).build();
        int span = table.get(Keys.stockLevel(sku, locationId)).map(InventoryItems::span).orElse(1);
        Writes writes = TableWrite.of(product, "product-for-sale");
        for (int k = 0; k < span; k++) { // a split level: every shard says it
            Key shard = Keys.stockShard(sku, locationId, k);
            var level = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(shard.asMap())
                    .updateExpression("SET " + FOR_SALE + " = :yes").conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true)))).build();
            writes = writes.and(TableWrite.of(level, "stock-level"));
        }
        try {
            table.transact(writes);
            return true;
        } catch (ConditionFailed notForSale) {
            return false;
        }
    }

    /**
     * After a product changed: every stock level of it (and its shards) says what the product now says, level by level
     * (followProduct); a later change of the product finishes its own pass.
     */
    @Override
    public void productChanged(String sku, boolean forSale) {
        List<Map<String, AttributeValue>> levels = levelItems(sku);
        int behind = 0;
        for (var level : levels) {
            if (span(level) == 1 && flag(level, FOR_SALE) == forSale) continue;
            try {
                if (!followProduct(sku, str(level, "locationId"), level, forSale)) return; // the product changed again: its own pass follows
            } catch (TableUnavailable | KeepsChanging busy) {
                behind++; // a hot level's shards kept conflicting with holds: the others still follow; the caller hears 503
            }
        }
        if (behind > 0) {
            throw new TableUnavailable("product saved, but " + behind
                    + " stock level(s) could not follow it yet; send the same PUT again", null);
        }
    }

    /**
     * One level (all its shards) takes the product's flag, in one transaction that checks the product still says it and
     * that the level's shards are the ones read (a re-spread meanwhile: read again). False when the product changed again.
     */
    private boolean followProduct(String sku, String locationId, Map<String, AttributeValue> read, boolean forSale) {
        AttributeValue value = AttributeValue.fromBool(forSale);
        return Contention.retry("the stock level of '" + sku + "' at '" + locationId + "'", attempt -> {
            Map<String, AttributeValue> level = attempt == 0 ? read : table.get(Keys.stockLevel(sku, locationId)).orElse(null);
            if (level == null) return Optional.of(true); // no such level any more
            int span = span(level);
            boolean spanSet = level.containsKey(SHARD_SPAN);
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", value));
            if (spanSet) values.put(":span", n(Items.num(level, SHARD_SPAN)));
            var own = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.stockLevel(sku, locationId).asMap())
                    .updateExpression("SET " + FOR_SALE + " = :v")
                    .conditionExpression(spanSet ? SHARD_SPAN + " = :span" : "attribute_not_exists(" + SHARD_SPAN + ")")
                    .expressionAttributeValues(values)).build();
            try {
                if (!forSale) {
                    // "not for sale" is always safe to write: shard by shard (each a small write a hold conflicts with
                    // briefly, not one transaction over every shard), the level's own item last, as long as its shards
                    // are the ones written
                    for (int k = 1; k < span; k++) {
                        Key shard = Keys.stockShard(sku, locationId, k);
                        table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(shard.asMap())
                                .updateExpression("SET " + FOR_SALE + " = :v").expressionAttributeValues(Map.of(":v", value))));
                    }
                    table.transact(TableWrite.of(own, "stock-level"));
                    return Optional.of(true);
                }
                // "for sale" only where the product says so, checked in the same transaction
                Writes writes = TableWrite.of(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name()).key(Keys.product(sku).asMap())
                        .conditionExpression("active = :v").expressionAttributeValues(Map.of(":v", value))).build(), "product-for-sale")
                        .and(TableWrite.of(own, "stock-level"));
                for (int k = 1; k < span; k++) {
                    Key shard = Keys.stockShard(sku, locationId, k);
                    writes = writes.and(TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(shard.asMap())
                            .updateExpression("SET " + FOR_SALE + " = :v").expressionAttributeValues(Map.of(":v", value))).build(), "stock-shard"));
                }
                table.transact(writes);
                return Optional.of(true);
            } catch (ConditionFailed failed) {
                if (failed.failures().stream().anyMatch(f -> "product-for-sale".equals(f.condition()))) return Optional.of(false);
                return Optional.empty(); // re-spread meanwhile: its shards again
            }
        });
    }

    @Override
    public Writes claimForOrder(String reservationId, String orderId) {
        var claim = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(reservationId).asMap())
                .updateExpression("SET orderId = :order")
                .conditionExpression("#status = :held AND (attribute_not_exists(orderId) OR orderId = :order)")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":order", s(orderId), ":held", s(Reservation.Status.HELD.name())))).build();
        return TableWrite.of(claim, new ReservationTag(reservationId), () -> Rejected.conflict("reservation-not-available",
                "Reservation not available", "reservation '" + reservationId + "' is no longer held or already belongs to another order"));
    }

    @Override
    public Optional<SplitLevel> splitLevel(String sku, String locationId) {
        List<Map<String, AttributeValue>> items = readShards(sku, locationId);
        if (items.getFirst().isEmpty() || shards(items.getFirst()) <= 1) return Optional.empty();
        long[] available = new long[items.size()];
        for (int k = 0; k < items.size(); k++) {
            var item = items.get(k);
            available[k] = !item.isEmpty() && flag(item, FOR_SALE) ? Items.num(item, AVAILABLE) : 0;
        }
        return Optional.of(new SplitLevel(shards(items.getFirst()), available));
    }

    @Override
    public Reservation transfer(Reservation from, List<ReservationLine> remaining, Reservation to, List<ReservationLine> extra,
                                Function<Reservation, Writes> with) {
        // the source stays HELD (even with nothing left: its visit's hold still runs out, and the visit with it), its lines
        // rewritten under a new lines version that every finish of it must match
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":held", s(Reservation.Status.HELD.name()),
                ":lines", AttributeValue.fromL(remaining.stream().map(InventoryItems::lineItem).toList()), ":nv", n(from.linesVersion() + 1)));
        boolean stillSplit = remaining.stream().anyMatch(l -> !l.draws().isEmpty());
        String update = "SET #lines = :lines, " + LINES_VERSION + " = :nv" + (stillSplit ? ", " + InventoryItems.SHARDED + " = :yes" : "")
                + (stillSplit ? "" : " REMOVE " + InventoryItems.SHARDED);
        if (stillSplit) values.put(":yes", AttributeValue.fromBool(true));
        String condition = "#status = :held AND " + (from.linesVersion() == 0 ? "attribute_not_exists(" + LINES_VERSION + ")" : LINES_VERSION + " = :was");
        if (from.linesVersion() > 0) values.put(":was", n(from.linesVersion()));
        String expression = update;
        var source = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(from.id()).asMap())
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(Map.of("#status", STATUS, "#lines", "lines")).expressionAttributeValues(values)).build();
        Writes writes = TableWrite.of(source, new ReservationTag(from.id()), () -> Rejected.conflict("reservation-changed", "Hold changed",
                "the items held by reservation '" + from.id() + "' ended or changed meanwhile; try again"));
        // the source's hold lines: each rewritten with what remains (under its possibly new home shard) or removed
        Map<String, ReservationLine> left = new HashMap<>();
        remaining.forEach(l -> left.put(l.sku() + "\u0000" + l.locationId(), l));
        Set<Key> kept = new HashSet<>();
        Reservation rest = from.withLines(remaining);
        for (ReservationLine l : remaining) {
            kept.add(Keys.holdLine(l.sku(), l.locationId(), from.id(), l.homeShard()));
            var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(holdLine(rest, l))).build();
            writes = writes.and(TableWrite.of(put, "hold-line"));
        }
        for (ReservationLine l : from.lines()) {
            Key old = Keys.holdLine(l.sku(), l.locationId(), from.id(), l.homeShard());
            if (kept.contains(old)) continue;
            var delete = TransactWriteItem.builder().delete(d -> d.tableName(table.name()).key(old.asMap())).build();
            writes = writes.and(TableWrite.of(delete, "hold-line"));
        }
        // the extra units, held as a hold holds them (from the level, or its preferred shard when split)
        for (ReservationLine e : extra) {
            for (ReservationLine.Draw d : e.drawsOrLevel()) {
                var stock = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                        .key(Keys.stockShard(e.sku(), e.locationId(), d.shard()).asMap())
                        .updateExpression("SET available = available - :q, reserved = reserved + :q")
                        .conditionExpression("available >= :q AND " + FOR_SALE + " = :yes")
                        .expressionAttributeValues(Map.of(":q", n(d.quantity()), ":yes", AttributeValue.fromBool(true)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
                writes = writes.and(TableWrite.of(stock, new StockTag(e, d.shard())));
            }
        }
        for (ReservationLine l : to.lines()) {
            var holdLine = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(holdLine(to, l))).build();
            writes = writes.and(TableWrite.of(holdLine, "hold-line"));
        }
        var target = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(to))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        writes = writes.and(TableWrite.of(target, new ReservationTag(to.id())));
        Writes all = writes.and(with.apply(to));
        if (all.size() > Writes.MAX_ACTIONS) {
            throw Rejected.unusable("lines", "this sale moves and holds too many items for one transaction (" + all.size() + " actions); sell fewer lines at once");
        }
        try {
            table.transact(all);
            return to;
        } catch (ConditionFailed failed) {
            failed.meaning().ifPresent(e -> { throw e; });
            List<Shortage> shortages = failed.failures().stream().filter(f -> f.condition() instanceof StockTag)
                    .map(f -> seen(((StockTag) f.condition()).line(), f.itemBefore(), true)).toList();
            if (!shortages.isEmpty()) throw new InsufficientStock(shortages);
            throw failed;
        }
    }

    /** A line the stock refused, as the level was when it refused: what it had, and whether it said "for sale". */
    private static Shortage seen(ReservationLine line, Map<String, AttributeValue> before, boolean forSaleOnly) {
        return new Shortage(line.sku(), line.locationId(), line.quantity(), before.isEmpty() ? 0 : Items.num(before, AVAILABLE),
                !forSaleOnly || (!before.isEmpty() && flag(before, FOR_SALE)));
    }

    @Override
    public Writes moveExpiryWrites(Reservation r, Instant until) {
        String at = Instants.format(until);
        Map<String, AttributeValue> index = Keys.heldReservationIndex(at, r.id());
        var reservation = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reservation(r.id()).asMap())
                .updateExpression("SET " + HOLD_EXPIRES_AT + " = :at, #gsk = :gsk").conditionExpression("#status = :held")
                .expressionAttributeNames(Map.of("#status", STATUS, "#gsk", Keys.GSI2SK))
                .expressionAttributeValues(Map.of(":at", s(at), ":gsk", index.get(Keys.GSI2SK), ":held", s(Reservation.Status.HELD.name())))).build();
        Writes writes = TableWrite.of(reservation, new ReservationTag(r.id()), () -> Rejected.conflict("reservation-not-held", "Hold ended",
                "reservation '" + r.id() + "' is no longer held"));
        for (ReservationLine line : r.lines()) { // lazy expiry reads the hold lines: they run out with it
            var holdLine = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                    .key(Keys.holdLine(line.sku(), line.locationId(), r.id(), line.homeShard()).asMap())
                    .updateExpression("SET " + HOLD_EXPIRES_AT + " = :at").expressionAttributeValues(Map.of(":at", s(at)))).build();
            writes = writes.and(TableWrite.of(holdLine, "hold-line"));
        }
        return writes;
    }

    @Override
    public List<String> expiredHolds(String sku, String locationId, Instant now) {
        String cutoff = Instants.format(now);
        List<String> ids = new ArrayList<>();
        int span = table.get(Keys.stockLevel(sku, locationId)).map(InventoryItems::span).orElse(1);
        for (int k = 0; k < span; k++) { // a split level's hold lines live in the partitions of the shards they drew from
            table.queryAll(null, Keys.PK, Keys.shardPartition(sku, k), Keys.SK, Keys.holdLinePrefix(locationId)).stream().filter(i -> Items.str(i, HOLD_EXPIRES_AT).compareTo(cutoff) <= 0)
                    .map(i -> Items.str(i, RESERVATION_ID)).forEach(ids::add);
        }
        return ids;
    }

    /**
     * Up to {@code limit} expired HELD reservations, the oldest first across every bucket of the queue (and the unbucketed
     * one of reservations made before it was spread): each queue is read up to {@code limit}, then merged by expiry, so no
     * bucket waits behind another.
     */
    @Override
    public List<String> expiredReservations(Instant now, int limit) {
        List<Map<String, AttributeValue>> due = new ArrayList<>();
        List<String> queues = new ArrayList<>(List.of(Keys.HELD_RESERVATIONS));
        for (int b = 0; b < Keys.HELD_BUCKETS; b++) queues.add(Keys.heldReservations(b));
        for (String queue : queues) {
            due.addAll(table.query(QueryRequest.builder().indexName(Keys.GSI2)
                    .keyConditionExpression("#pk = :held AND #sk <= :cutoff")
                    .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK, "#sk", Keys.GSI2SK))
                    .expressionAttributeValues(Map.of(":held", s(queue), ":cutoff", s(Instants.format(now) + "#~")))
                    .limit(limit)).items());
        }
        return due.stream().sorted(Comparator.comparing((Map<String, AttributeValue> i) -> Items.str(i, Keys.GSI2SK)))
                .limit(limit).map(i -> Items.str(i, "id")).toList();
    }
}
