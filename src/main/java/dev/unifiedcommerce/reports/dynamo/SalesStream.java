package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.reports.SalesChange;
import dev.unifiedcommerce.reports.SalesFacts;
import dev.unifiedcommerce.reports.SalesReportStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/**
 * The table's change stream into the sales report: each record's old and new image read into the transitions the
 * report counts, each counted once (its marker). A batch is applied in order; the first record that fails is reported
 * with everything after it (Lambda's ReportBatchItemFailures: the batch is retried from there, and what was counted
 * before it is not counted again).
 */
@ApplicationScoped
public class SalesStream {
    private static final Logger LOG = Logger.getLogger(SalesStream.class);

    /** One stream record: its sequence number, when the change was made, the item before and after (null when none). */
    public record Change(String sequenceNumber, Instant at, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {}

    /** What a batch did: transitions counted, ones counted before (redeliveries), and the first record that failed. */
    public record Applied(int counted, int duplicates, String firstFailure) {}

    private final SalesReportStore report;
    private final CatalogStore catalog;
    private final Table table;

    public SalesStream(SalesReportStore report, CatalogStore catalog, Table table) {
        this.report = report;
        this.catalog = catalog;
        this.table = table;
    }

    public Applied apply(List<Change> batch) {
        int counted = 0, duplicates = 0;
        Map<String, ZoneId> zones = new HashMap<>();
        for (Change c : batch) {
            try {
                for (SalesChange s : transitions(c, zones)) {
                    if (report.count(s)) counted++;
                    else duplicates++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("report: record %s not applied (%s); the batch is retried from it", c.sequenceNumber(), e.getClass().getSimpleName());
                return new Applied(counted, duplicates, c.sequenceNumber());
            }
        }
        return new Applied(counted, duplicates, null);
    }

    private List<SalesChange> transitions(Change c, Map<String, ZoneId> zones) {
        Map<String, AttributeValue> item = c.newImage() != null ? c.newImage() : c.oldImage();
        if (item == null) return List.of();
        String type = str(item, Keys.TYPE);
        List<SalesChange> out = new ArrayList<>();
        if (Keys.ItemType.ORDER.name().equals(type)) {
            SalesFacts.OrderFacts after = order(c.newImage());
            if (after != null) SalesFacts.sale(order(c.oldImage()), after, zone(after.locationId(), zones)).ifPresent(out::add);
        } else if (Keys.ItemType.ORDER_REFUND.name().equals(type)) {
            SalesFacts.RefundFacts after = refund(c.newImage());
            if (after != null) {
                SalesFacts.OrderFacts order = table.get(Keys.order(after.orderId())).map(SalesStream::order).orElse(null);
                if (order != null) {
                    SalesFacts.refund(refund(c.oldImage()), after, order, c.at(), zone(SalesFacts.storeOf(after, order), zones)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private ZoneId zone(String locationId, Map<String, ZoneId> zones) {
        return zones.computeIfAbsent(locationId, id -> catalog.location(id).map(Location::timeZone).filter(z -> z != null && !z.isBlank())
                .map(ZoneId::of).orElse(ZoneOffset.UTC));
    }

    static SalesFacts.OrderFacts order(Map<String, AttributeValue> i) {
        if (i == null || i.isEmpty()) return null;
        long units = 0, gross = 0, discounts = 0, pointsSpent = 0;
        for (AttributeValue l : Optional.ofNullable(i.get("lines")).map(AttributeValue::l).orElse(List.of())) {
            units += num(l.m(), "quantity");
            gross += num(l.m(), "quantity") * num(l.m(), "unitAmount");
        }
        for (AttributeValue d : Optional.ofNullable(i.get("discounts")).map(AttributeValue::l).orElse(List.of())) {
            discounts += num(d.m(), "amount");
            if ("POINTS".equals(str(d.m(), "discountType"))) pointsSpent += num(d.m(), "points");
        }
        Map<String, AttributeValue> payment = i.containsKey("payment") ? i.get("payment").m() : Map.of();
        String paidAt = str(i, "paidAt");
        return new SalesFacts.OrderFacts(str(i, "id"), str(i, "status"), str(i, "channel"), str(payment, "method"), str(i, "fulfilmentLocationId"),
                paidAt == null ? null : Instant.parse(paidAt), str(i, "currency"), units, gross, discounts, num(i, "totalAmount"),
                num(i, "pointsEarned"), pointsSpent);
    }

    static SalesFacts.RefundFacts refund(Map<String, AttributeValue> i) {
        if (i == null || i.isEmpty()) return null;
        return new SalesFacts.RefundFacts(str(i, "refundId"), str(i, "orderId"), str(i, "status"), num(i, "amount"), str(i, "currency"),
                str(i, "restockLocationId"));
    }
}
