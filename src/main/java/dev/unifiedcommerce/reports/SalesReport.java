package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sales by day, store, channel or payment method over inclusive dates (each store's days in its own zone, as the lines
 * were counted), in one currency; staff see their stores' lines only.
 */
@ApplicationScoped
public class SalesReport {
    /** The longest range one request reads (a line per store, channel and method per day). */
    public static final int MAX_DAYS = 92;

    public enum GroupBy { DAY, STORE, CHANNEL, PAYMENT_METHOD }

    public record Row(String key, SalesTotals totals) {}

    public record Report(String currency, GroupBy groupBy, List<Row> rows) {}

    private final SalesReportStore store;

    public SalesReport(SalesReportStore store) { this.store = store; }

    public Report sales(LocalDate from, LocalDate to, GroupBy groupBy, String currency, Predicate<String> maySeeStore) {
        if (to.isBefore(from)) throw Rejected.invalid("to", "must not be before from");
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) throw Rejected.invalid("to", "at most " + MAX_DAYS + " days per report");
        String cur = currency;
        if (cur == null) {
            Set<String> held = store.currencies(from, to, maySeeStore);
            if (held.size() > 1) throw Rejected.invalid("currency", "this range holds sales in " + held + ": name one currency");
            if (held.isEmpty()) return new Report(null, groupBy, List.of());
            cur = held.iterator().next();
        }
        Function<SalesReportStore.Line, String> key = switch (groupBy) {
            case DAY -> l -> l.day().toString();
            case STORE -> SalesReportStore.Line::locationId;
            case CHANNEL -> SalesReportStore.Line::channel;
            case PAYMENT_METHOD -> SalesReportStore.Line::paymentMethod;
        };
        Map<String, SalesTotals> rows = new LinkedHashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            for (SalesReportStore.Line l : store.lines(cur, d)) {
                if (!maySeeStore.test(l.locationId())) continue;
                rows.merge(key.apply(l), l.totals(), SalesTotals::plus);
            }
        }
        List<Row> out = new ArrayList<>();
        rows.forEach((k, t) -> out.add(new Row(k, t)));
        out.sort(Comparator.comparing(Row::key));
        return new Report(cur, groupBy, out);
    }
}
