package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.reports.SalesChange;
import dev.unifiedcommerce.reports.SalesFacts;
import dev.unifiedcommerce.reports.SalesReport;
import dev.unifiedcommerce.reports.SalesReportStore;
import dev.unifiedcommerce.reports.SalesTotals;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static dev.unifiedcommerce.platform.table.Items.*;

/**
 * The sales report rebuilt from the orders and refunds as they stand (one Scan of the table for those two item types):
 * for history older than the stream's 24 hours, and for repairs. It reads the same facts the stream does
 * ({@link SalesItems}, {@link SalesFacts}), sets each line of the days asked to what it found, and marks the recent
 * transitions counted, so a stream record still on its way counts nothing again. A transition the stream counts while
 * a recount runs is kept: each line is set only if it still holds what the recount read, else what was added since is
 * added to the recount's figure. The recent markers are written before any line is set: a recount that stops halfway
 * (a timeout) leaves lines short of transitions it marked, and is simply run again.
 */
@ApplicationScoped
public class SalesRecount {
    private static final Logger LOG = Logger.getLogger(SalesRecount.class);
    /** Transitions this recent may still be on the stream (24 h) or in a retried batch: marked counted. */
    private static final long MARK_DAYS = 2;
    /** Points a sale earns later arrive with its card (minutes, at most days of webhook retries): marked this far back. */
    private static final long MARK_EARNED_DAYS = 7;

    /** What a recount found and changed. */
    public record Result(LocalDate from, LocalDate to, int orders, int refunds, int lines, int changed) {}

    private final Table table;
    private final CatalogStore catalog;
    private final SalesReportStore report;
    private final Clock clock;

    public SalesRecount(Table table, CatalogStore catalog, SalesReportStore report, Clock clock) {
        this.table = table;
        this.catalog = catalog;
        this.report = report;
        this.clock = clock;
    }

    /** What the orders say the days from..to hold (in each store's zone): report lines and units sold, by their keys. */
    public record Counted(Map<String, SalesReportStore.Line> lines, Map<String, SalesReportStore.Sold> sold) {}

    /** What the orders say the days from..to hold, for the stores {@code include} names. */
    public Counted count(LocalDate from, LocalDate to, Predicate<String> include) {
        return count(from, to, include, new ArrayList<>(), new int[2]);
    }

    /** Sets the report's lines of the days from..to to what the orders say. */
    public Result rebuild(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw Rejected.invalid("to", "must not be before from");
        if (ChronoUnit.DAYS.between(from, to) >= SalesReport.MAX_DAYS) throw Rejected.invalid("to", "at most " + SalesReport.MAX_DAYS + " days per recount");
        List<SalesChange> recent = new ArrayList<>();
        int[] read = new int[2];
        Counted all = count(from, to, store -> true, recent, read);
        Map<String, SalesReportStore.Line> counted = all.lines();
        report.markCounted(recent.stream().map(SalesChange::marker).toList());
        Set<String> currencies = new HashSet<>(report.currencies(from, to, store -> true));
        counted.values().forEach(l -> currencies.add(l.currency()));
        int changed = 0;
        for (String currency : currencies) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Map<String, SalesReportStore.Line> kept = new HashMap<>();
                for (SalesReportStore.Line l : report.lines(currency, d)) kept.put(key(l), l);
                Set<String> keys = new HashSet<>(kept.keySet());
                LocalDate day = d;
                counted.keySet().stream().filter(k -> k.startsWith(currency + "|" + day + "|")).forEach(keys::add);
                for (String k : keys) {
                    SalesReportStore.Line want = counted.get(k);
                    SalesReportStore.Line have = kept.get(k);
                    if (want == null) want = new SalesReportStore.Line(have.currency(), have.day(), have.locationId(), have.channel(), have.paymentMethod(), SalesTotals.ZERO);
                    if (have == null || !have.totals().equals(want.totals())) {
                        report.replace(want, have);
                        changed++;
                    }
                }
            }
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Map<String, SalesReportStore.Sold> kept = new HashMap<>();
            for (SalesReportStore.Sold x : report.sold(d, null)) kept.put(key(x), x);
            Set<String> keys = new HashSet<>(kept.keySet());
            String day = d + "|";
            all.sold().keySet().stream().filter(k -> k.startsWith(day)).forEach(keys::add);
            for (String k : keys) {
                SalesReportStore.Sold want = all.sold().get(k), have = kept.get(k);
                if (want == null) want = new SalesReportStore.Sold(have.day(), have.locationId(), have.sku(), 0);
                if (have == null || have.units() != want.units()) {
                    report.replace(want, have);
                    changed++;
                }
            }
        }
        LOG.infof("sales recount %s..%s: %d orders, %d refunds read; %d lines, %d changed", from, to, read[0], read[1], counted.size(), changed);
        return new Result(from, to, read[0], read[1], counted.size(), changed);
    }

    private Counted count(LocalDate from, LocalDate to, Predicate<String> include, List<SalesChange> recent, int[] read) {
        Map<String, SalesFacts.OrderFacts> orders = new HashMap<>();
        List<Map<String, AttributeValue>> refunds = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            var page = table.withRetries("Scan", () -> table.client().scan(ScanRequest.builder().tableName(table.name())
                    .filterExpression("#t IN (:order, :refund)").expressionAttributeNames(Map.of("#t", Keys.TYPE))
                    .expressionAttributeValues(Map.of(":order", s(Keys.ItemType.ORDER.name()), ":refund", s(Keys.ItemType.ORDER_REFUND.name())))
                    .exclusiveStartKey(exclusive).build()));
            for (var item : page.items()) {
                if (Keys.ItemType.ORDER.name().equals(str(item, Keys.TYPE))) {
                    var o = SalesItems.order(item, null);
                    orders.put(o.orderId(), o);
                } else {
                    refunds.add(item);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        read[0] = orders.size();
        read[1] = refunds.size();

        Map<String, ZoneId> zones = new HashMap<>();
        List<SalesChange> changes = new ArrayList<>();
        for (SalesFacts.OrderFacts o : orders.values()) {
            if (o.sold()) changes.add(SalesFacts.saleOf(o, zone(o.locationId(), zones)));
        }
        for (var item : refunds) {
            SalesFacts.RefundFacts r = SalesItems.refund(item);
            SalesFacts.OrderFacts order = orders.get(r.orderId());
            if (order == null || !order.sold()) continue; // as the stream: a refund of money that was never a sale is no return
            ZoneId zone = zone(SalesFacts.storeOf(r, order), zones);
            Instant requested = SalesItems.instant(str(item, "requestedAt"), order.paidAt() != null ? order.paidAt() : clock.instant());
            changes.add(SalesFacts.refundOf(r, order, requested, zone, 1, "REFUND#"));
            if (r.failed()) changes.add(SalesFacts.refundOf(r, order, SalesItems.instant(str(item, "failedAt"), requested), zone, -1, "REFUND_FAILED#"));
        }
        LocalDate markFrom = LocalDate.now(clock).minusDays(MARK_DAYS), markEarnedFrom = LocalDate.now(clock).minusDays(MARK_EARNED_DAYS);
        Map<String, SalesReportStore.Line> lines = new TreeMap<>();
        Map<String, SalesReportStore.Sold> sold = new TreeMap<>();
        for (SalesChange c : changes) {
            if (c.day().isBefore(from) || c.day().isAfter(to) || !include.test(c.locationId())) continue;
            if (!c.day().isBefore(markFrom)) recent.add(c);
            if (!c.day().isBefore(markEarnedFrom) && c.marker().startsWith("SALE#") && c.delta().pointsEarned() != 0) {
                // points booked after the sale was counted are named by the total they brought it to
                recent.add(new SalesChange("EARNED#" + c.marker().substring(5) + "#" + c.delta().pointsEarned(), c.currency(), c.day(),
                        c.locationId(), c.channel(), c.paymentMethod(), SalesTotals.ZERO));
            }
            var line = new SalesReportStore.Line(c.currency(), c.day(), c.locationId(), c.channel(), c.paymentMethod(), c.delta());
            lines.merge(key(line), line, (a, b) -> new SalesReportStore.Line(a.currency(), a.day(), a.locationId(), a.channel(), a.paymentMethod(),
                    a.totals().plus(b.totals())));
            for (SalesChange.SkuUnits u : c.sold()) {
                var units = new SalesReportStore.Sold(c.day(), u.locationId(), u.sku(), u.units());
                sold.merge(key(units), units, (a, b) -> new SalesReportStore.Sold(a.day(), a.locationId(), a.sku(), a.units() + b.units()));
            }
        }
        return new Counted(lines, sold);
    }

    static String key(SalesReportStore.Sold s) { return s.day() + "|" + s.locationId() + "|" + s.sku(); }

    static String key(SalesReportStore.Line l) {
        return l.currency() + "|" + l.day() + "|" + l.locationId() + "|" + l.channel() + "|" + l.paymentMethod();
    }

    private ZoneId zone(String locationId, Map<String, ZoneId> zones) {
        return zones.computeIfAbsent(locationId, id -> SalesItems.zoneOf(catalog.location(id).map(Location::timeZone).orElse(null)));
    }
}
