package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.platform.table.ConditionFailed;
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

    public DynamoSalesReportStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean count(SalesChange c) {
        Map<String, AttributeValue> marker = Keys.reported(c.marker()).asMap();
        marker.put(Keys.TYPE, s(Keys.ItemType.REPORTED.name()));
        marker.put(Keys.TTL, n(clock.instant().plus(MARKER_KEPT).getEpochSecond()));
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
        Map<String, AttributeValue> day = Keys.salesCurrency(c.day().toString(), c.currency()).asMap();
        day.put(Keys.TYPE, s(Keys.ItemType.SALES_LINE.name()));
        day.put("currency", s(c.currency()));
        var known = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(day)).build();
        try {
            table.transact(Writes.of(put, "reported").and(Writes.of(line, "sales-line")).and(Writes.of(known, "sales-currency")));
            return true;
        } catch (ConditionFailed counted) {
            return false; // the marker is there: this transition was counted before
        }
    }

    @Override
    public java.util.Set<String> currencies(LocalDate from, LocalDate to) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            var page = table.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                    .expressionAttributeValues(Map.of(":pk", s(Keys.SALES_CURRENCIES), ":from", s(from.toString()), ":to", s(to.toString() + "#~")))
                    .exclusiveStartKey(exclusive));
            page.items().forEach(i -> out.add(str(i, "currency")));
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
