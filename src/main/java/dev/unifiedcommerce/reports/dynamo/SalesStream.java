package dev.unifiedcommerce.reports.dynamo;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final Table table;

    public SalesStream(SalesReportStore report, Table table) {
        this.report = report;
        this.table = table;
    }

    /**
     * What the Reports stream function does with one invocation: Lambda's event in, the mapping's answer out (the first
     * record that failed, so the batch is retried from it; nothing when all counted).
     */
    public String handle(String lambdaEvent) {
        Applied applied = apply(StreamEvents.changes(lambdaEvent));
        LOG.debugf("report: %d counted, %d counted before", applied.counted(), applied.duplicates());
        return StreamEvents.response(applied.firstFailure());
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
            SalesFacts.OrderFacts after = order(c.newImage(), c.at());
            if (after != null) {
                SalesFacts.OrderFacts before = order(c.oldImage(), c.at());
                ZoneId zone = zone(after.locationId(), zones);
                SalesFacts.sale(before, after, zone).ifPresent(out::add);
                SalesFacts.earnedLater(before, after, zone).ifPresent(out::add);
            }
        } else if (Keys.ItemType.ORDER_REFUND.name().equals(type)) {
            SalesFacts.RefundFacts after = refund(c.newImage());
            if (after != null) {
                SalesFacts.OrderFacts order = table.get(Keys.order(after.orderId())).map(i -> order(i, c.at())).orElse(null);
                if (order != null) {
                    // the day is the one written on the refund (the recount reads the same), else when the stream saw it
                    Instant at = after.failed() ? time(c.newImage(), "failedAt", c.at()) : time(c.newImage(), "requestedAt", c.at());
                    SalesFacts.refund(refund(c.oldImage()), after, order, at, zone(SalesFacts.storeOf(after, order), zones)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** A store's zone; a store without one, or with one this runtime does not know, counts in UTC (never blocks the stream). */
    private ZoneId zone(String locationId, Map<String, ZoneId> zones) {
        // read from the location's item itself: the stream function carries the table, not the catalog
        return zones.computeIfAbsent(locationId, id -> SalesItems.zoneOf(table.get(Keys.location(id)).map(i -> str(i, "timeZone")).orElse(null)));
    }

    private static Instant time(Map<String, AttributeValue> i, String name, Instant otherwise) {
        return SalesItems.instant(str(i, name), otherwise);
    }

    static SalesFacts.OrderFacts order(Map<String, AttributeValue> i, Instant seen) { return SalesItems.order(i, seen); }

    static SalesFacts.RefundFacts refund(Map<String, AttributeValue> i) { return SalesItems.refund(i); }
}
