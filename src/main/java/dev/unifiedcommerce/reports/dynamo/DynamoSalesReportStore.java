package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import dev.unifiedcommerce.reports.SalesChange;
import dev.unifiedcommerce.reports.SalesReportStore;
import dev.unifiedcommerce.reports.SalesTotals;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Report lines as counters (ADD) beside a marker per counted transition, written in one transaction. */
@ApplicationScoped
public class DynamoSalesReportStore implements SalesReportStore {
    /** Longer than the stream keeps a record (24 h) and Lambda retries it: a redelivery always finds its marker. */
    static final Duration MARKER_KEPT = Duration.ofDays(7);
    static final String[] COLUMNS = {"orders", "units", "gross", "discounts", "refunds", "net", "pointsEarned", "pointsSpent"};

    private final Table table;
    private final Clock clock;
    private final java.util.Set<Key> knownCurrencies = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        Writes writes = Writes.of(put, "reported").and(Writes.of(line, "sales-line"));
        for (SalesChange.SkuUnits u : c.sold()) {
            var sold = TransactWriteItem.builder().update(x -> x.tableName(table.name()).key(Keys.skuSold(c.day().toString(), u.locationId(), u.sku()).asMap())
                    .updateExpression("SET #t = :type, #day = :day, locationId = :loc, sku = :sku ADD units :units")
                    .expressionAttributeNames(Map.of("#t", Keys.TYPE, "#day", "day"))
                    .expressionAttributeValues(Map.of(":type", s(Keys.ItemType.SKU_SOLD.name()), ":day", s(c.day().toString()), ":loc", s(u.locationId()),
                            ":sku", s(u.sku()), ":units", n(u.units())))).build();
            writes = writes.and(Writes.of(sold, "sku-sold"));
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
    public void replace(Line l) {
        knowCurrency(new SalesChange("", l.currency(), l.day(), l.locationId(), l.channel(), l.paymentMethod(), l.totals()));
        Map<String, AttributeValue> item = Keys.salesLine(l.currency(), l.day().toString(), l.locationId(), l.channel(), l.paymentMethod()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SALES_LINE.name()));
        item.put("currency", s(l.currency()));
        item.put("day", s(l.day().toString()));
        item.put("locationId", s(l.locationId()));
        item.put("channel", s(l.channel()));
        item.put("paymentMethod", s(l.paymentMethod()));
        SalesTotals t = l.totals();
        long[] values = {t.orders(), t.units(), t.gross(), t.discounts(), t.refunds(), t.net(), t.pointsEarned(), t.pointsSpent()};
        for (int i = 0; i < COLUMNS.length; i++) item.put(COLUMNS[i], n(values[i]));
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)));
    }

    @Override
    public List<Sold> sold(LocalDate day, String locationId) {
        List<Sold> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = table.queryPrefix(null, Keys.PK, Keys.soldDay(day.toString()), Keys.SK, locationId == null ? null : locationId + "#", start, null);
            page.items().forEach(i -> out.add(new Sold(day, str(i, "locationId"), str(i, "sku"), num(i, "units"))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void replace(Sold sold) {
        Map<String, AttributeValue> item = Keys.skuSold(sold.day().toString(), sold.locationId(), sold.sku()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SKU_SOLD.name()));
        item.put("day", s(sold.day().toString()));
        item.put("locationId", s(sold.locationId()));
        item.put("sku", s(sold.sku()));
        item.put("units", n(sold.units()));
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)));
    }

    @Override
    public void markCounted(java.util.Collection<String> markers) {
        List<Map<String, AttributeValue>> items = markers.stream().distinct().map(this::marker).toList();
        for (int from = 0; from < items.size(); from += 25) {
            List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(i)).build()).toList();
            Map<String, List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>> pending = Map.of(table.name(), batch);
            for (int attempt = 0; !pending.isEmpty() && !pending.getOrDefault(table.name(), List.of()).isEmpty(); attempt++) {
                if (attempt == 8) throw new IllegalStateException("DynamoDB left " + pending.get(table.name()).size() + " marker(s) unwritten");
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
    public java.util.Set<String> currencies(LocalDate from, LocalDate to, java.util.function.Predicate<String> maySee) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            var page = table.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                    .expressionAttributeValues(Map.of(":pk", s(Keys.SALES_CURRENCIES), ":from", s(from.toString()), ":to", s(to.toString() + "#~")))
                    .exclusiveStartKey(exclusive));
            page.items().stream().filter(i -> maySee.test(str(i, "locationId"))).forEach(i -> out.add(str(i, "currency")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public List<Line> lines(String currency, LocalDate day) {
        List<Line> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = table.queryPrefix(null, Keys.PK, Keys.salesDay(currency, day.toString()), Keys.SK, null, start, null);
            page.items().forEach(i -> out.add(new Line(str(i, "currency"), LocalDate.parse(str(i, "day")), str(i, "locationId"), str(i, "channel"),
                    str(i, "paymentMethod"), new SalesTotals(num(i, "orders"), num(i, "units"), num(i, "gross"), num(i, "discounts"), num(i, "refunds"),
                    num(i, "net"), num(i, "pointsEarned"), num(i, "pointsSpent")))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
