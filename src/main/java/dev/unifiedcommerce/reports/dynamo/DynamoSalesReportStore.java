package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.reports.SalesChange;
import dev.unifiedcommerce.reports.SalesReportStore;
import dev.unifiedcommerce.reports.SalesTotals;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Report lines as counters (ADD) beside a marker per counted transition, written in one transaction. */
@ApplicationScoped
public class DynamoSalesReportStore implements SalesReportStore {
    /** Longer than the stream keeps a record (24 h) and Lambda retries it: a redelivery always finds its marker. */
    static final Duration MARKER_KEPT = Duration.ofDays(7);
    static final String[] COLUMNS = {"orders", "units", "gross", "discounts", "refunds", "net", "pointsEarned", "pointsSpent"};

    private final Table table;
    private final Clock clock;
    private final Set<Key> knownCurrencies = ConcurrentHashMap.newKeySet();

    public DynamoSalesReportStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean count(SalesChange c) {
        Map<String, AttributeValue> marker = marker(c.marker());
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(marker)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        SalesTotals d = c.delta();
        long[] deltas = {d.orders(), d.units(), d.gross(), d.discounts(), d.refunds(), d.net(), d.pointsEarned(), d.pointsSpent()};
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", s(Keys.ItemType.SALES_LINE.name()), ":cur", s(c.currency()),
                ":day", s(c.day().toString()), ":loc", s(c.locationId()), ":ch", s(c.channel()), ":pm", s(c.paymentMethod())));
        StringBuilder add = new StringBuilder(" ADD ");
        for (int i = 0; i < COLUMNS.length; i++) {
            values.put(":" + COLUMNS[i], n(deltas[i]));
            add.append(i == 0 ? "" : ", ").append(COLUMNS[i]).append(" :").append(COLUMNS[i]);
        }
        String update = "SET #t = :type, currency = :cur, #day = :day, locationId = :loc, channel = :ch, paymentMethod = :pm" + add;
        var line = TransactWriteItem.builder().update(u -> u.tableName(table.name())
                .key(Keys.salesLine(c.currency(), c.day().toString(), c.locationId(), c.channel(), c.paymentMethod()).asMap())
                .updateExpression(update).expressionAttributeNames(Map.of("#t", Keys.TYPE, "#day", "day")).expressionAttributeValues(values)).build();
        Writes writes = TableWrite.of(put, "reported").and(TableWrite.of(line, "sales-line"));
        for (SalesChange.SkuUnits u : c.sold()) {
            var sold = TransactWriteItem.builder().update(x -> x.tableName(table.name()).key(Keys.skuSold(c.day().toString(), u.locationId(), u.sku()).asMap())
                    .updateExpression("SET #t = :type, #day = :day, locationId = :loc, sku = :sku ADD units :units")
                    .expressionAttributeNames(Map.of("#t", Keys.TYPE, "#day", "day"))
                    .expressionAttributeValues(Map.of(":type", s(Keys.ItemType.SKU_SOLD.name()), ":day", s(c.day().toString()), ":loc", s(u.locationId()),
                            ":sku", s(u.sku()), ":units", n(u.units())))).build();
            writes = writes.and(TableWrite.of(sold, "sku-sold"));
        }
        knowCurrency(c);
        try {
            table.transact(writes);
            return true;
        } catch (ConditionFailed counted) {
            return false; // the marker is there: this transition was counted before
        }
    }

    private Map<String, AttributeValue> marker(String name) {
        Map<String, AttributeValue> marker = Keys.reported(name).asMap();
        marker.put(Keys.TYPE, s(Keys.ItemType.REPORTED.name()));
        marker.put(Keys.TTL, n(clock.instant().plus(MARKER_KEPT).getEpochSecond()));
        return marker;
    }

    @Override
    public void replace(Line want, Line read) {
        knowCurrency(new SalesChange("", want.currency(), want.day(), want.locationId(), want.channel(), want.paymentMethod(), want.totals()));
        Key key = Keys.salesLine(want.currency(), want.day().toString(), want.locationId(), want.channel(), want.paymentMethod());
        var recount = new Recount<>(want.totals(), read == null ? null : read.totals());
        Contention.retryUntil("report line " + key.pk() + " / " + key.sk(), () -> {
            Map<String, AttributeValue> item = key.asMap();
            item.put(Keys.TYPE, s(Keys.ItemType.SALES_LINE.name()));
            item.put("currency", s(want.currency()));
            item.put("day", s(want.day().toString()));
            item.put("locationId", s(want.locationId()));
            item.put("channel", s(want.channel()));
            item.put("paymentMethod", s(want.paymentMethod()));
            long[] values = columns(recount.target);
            for (int i = 0; i < COLUMNS.length; i++) item.put(COLUMNS[i], n(values[i]));
            if (putIfStill(item, recount.seen == null ? null : columns(recount.seen), COLUMNS)) return true;
            // counted meanwhile by the stream: keep what was added since the recount read the line
            SalesTotals now = table.get(key).map(DynamoSalesReportStore::totals).orElse(SalesTotals.ZERO);
            SalesTotals before = recount.seen == null ? SalesTotals.ZERO : recount.seen;
            recount.moveOn(recount.target.plus(now.plus(negate(before))), now);
            return false;
        });
    }

    /** What a recount writes and what it last read of the line: both move on when the stream counted meanwhile. */
    private static final class Recount<T> {
        private T target;
        private T seen;

        Recount(T target, T seen) {
            this.target = target;
            this.seen = seen;
        }

        void moveOn(T target, T seen) {
            this.target = target;
            this.seen = seen;
        }
    }

    private static SalesTotals totals(Map<String, AttributeValue> i) {
        return new SalesTotals(num(i, "orders"), num(i, "units"), num(i, "gross"), num(i, "discounts"), num(i, "refunds"), num(i, "net"),
                num(i, "pointsEarned"), num(i, "pointsSpent"));
    }

    private static SalesTotals negate(SalesTotals t) {
        return new SalesTotals(-t.orders(), -t.units(), -t.gross(), -t.discounts(), -t.refunds(), -t.net(), -t.pointsEarned(), -t.pointsSpent());
    }

    private static long[] columns(SalesTotals t) {
        return new long[]{t.orders(), t.units(), t.gross(), t.discounts(), t.refunds(), t.net(), t.pointsEarned(), t.pointsSpent()};
    }

    /** Puts the item if its counters still hold {@code read} (null: no item yet); false when they changed meanwhile. */
    private boolean putIfStill(Map<String, AttributeValue> item, long[] read, String[] columns) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", Keys.PK));
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder condition = new StringBuilder();
        if (read == null) {
            condition.append("attribute_not_exists(#pk)");
        } else {
            for (int i = 0; i < columns.length; i++) {
                names.put("#c" + i, columns[i]);
                values.put(":c" + i, n(read[i]));
                condition.append(i == 0 ? "" : " AND ").append("#c").append(i).append(" = :c").append(i);
            }
            names.remove("#pk");
        }
        try {
            table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item).conditionExpression(condition.toString())
                    .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values)));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public List<Sold> sold(LocalDate day, String locationId) {
        List<Sold> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.soldDay(day.toString()), Keys.SK, locationId == null ? null : locationId + "#").forEach(i -> out.add(new Sold(day, str(i, "locationId"), str(i, "sku"), num(i, "units"))));
        return out;
    }

    @Override
    public void replace(Sold want, Sold read) {
        Key key = Keys.skuSold(want.day().toString(), want.locationId(), want.sku());
        var recount = new Recount<>(want.units(), read == null ? null : read.units());
        Contention.retryUntil("units sold " + key.pk() + " / " + key.sk(), () -> {
            Map<String, AttributeValue> item = key.asMap();
            item.put(Keys.TYPE, s(Keys.ItemType.SKU_SOLD.name()));
            item.put("day", s(want.day().toString()));
            item.put("locationId", s(want.locationId()));
            item.put("sku", s(want.sku()));
            item.put("units", n(recount.target));
            if (putIfStill(item, recount.seen == null ? null : new long[]{recount.seen}, new String[]{"units"})) return true;
            long now = table.get(key).map(i -> num(i, "units")).orElse(0L);
            recount.moveOn(recount.target + now - (recount.seen == null ? 0 : recount.seen), now);
            return false;
        });
    }

    @Override
    public void markCounted(Collection<String> markers) {
        List<Map<String, AttributeValue>> items = markers.stream().distinct().map(this::marker).toList();
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> WriteRequest.builder().putRequest(p -> p.item(i)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table.name(), batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table.name(), List.of()).isEmpty(); attempt++) {
                if (attempt == 8) throw new IllegalStateException("DynamoDB left " + pending.get(table.name()).size() + " marker(s) unwritten");
                if (attempt > 0) {
                    try {
                        Thread.sleep(Math.min(1000, 25L << attempt)); // throttled: back off before sending what is left
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while marking the recount's transitions", e);
                    }
                }
                var request = pending;
                pending = table.withRetries("BatchWriteItem", () -> table.client().batchWriteItem(b -> b.requestItems(request))).unprocessedItems();
            }
        }
    }

    /**
     * That this store sold in this currency on this day, written before its line (so a line is never without it), once
     * per instance and outside the line's transaction: one item every sale would otherwise write.
     */
    private void knowCurrency(SalesChange c) {
        Key key = Keys.salesCurrency(c.day().toString(), c.currency(), c.locationId());
        if (knownCurrencies.contains(key)) return;
        Map<String, AttributeValue> item = key.asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SALES_LINE.name()));
        item.put("currency", s(c.currency()));
        item.put("locationId", s(c.locationId()));
        table.withRetries("sales-currency", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)));
        knownCurrencies.add(key);
    }

    @Override
    public Set<String> currencies(LocalDate from, LocalDate to, Predicate<String> maySee) {
        Set<String> out = new TreeSet<>();
        table.queryAll(() -> QueryRequest.builder()
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                        .expressionAttributeValues(Map.of(":pk", s(Keys.SALES_CURRENCIES), ":from", s(from.toString()), ":to", s(to.toString() + "#~"))))
                .stream().filter(i -> maySee.test(str(i, "locationId"))).forEach(i -> out.add(str(i, "currency")));
        return out;
    }

    @Override
    public List<Line> lines(String currency, LocalDate day) {
        List<Line> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.salesDay(currency, day.toString()), Keys.SK, null).forEach(i -> out.add(new Line(str(i, "currency"), LocalDate.parse(str(i, "day")), str(i, "locationId"), str(i, "channel"),
                str(i, "paymentMethod"), new SalesTotals(num(i, "orders"), num(i, "units"), num(i, "gross"), num(i, "discounts"), num(i, "refunds"),
                num(i, "net"), num(i, "pointsEarned"), num(i, "pointsSpent")))));
        return out;
    }
}
