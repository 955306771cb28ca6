package dev.unifiedcommerce.reports;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Where the sales report's lines are kept: counted exactly once per transition. */
public interface SalesReportStore {
    /** Adds the change to its line, with its marker, in one transaction; false when it was counted before. */
    boolean count(SalesChange change);

    /** A report line: its key and totals. */
    record Line(String currency, LocalDate day, String locationId, String channel, String paymentMethod, SalesTotals totals) {}

    /** The currencies the stores {@code maySee} sold in on the days from..to (inclusive). */
    Set<String> currencies(LocalDate from, LocalDate to, Predicate<String> maySee);

    /** The lines of one day in one currency. */
    List<Line> lines(String currency, LocalDate day);

    /** Units of SKUs sold from locations on a day: what days of cover are worked out from. */
    record Sold(LocalDate day, String locationId, String sku, long units) {}

    /** The units each SKU sold from a location on a day ({@code locationId} null: every location's). */
    List<Sold> sold(LocalDate day, String locationId);

    /**
     * Sets a SKU's units sold on a day (the recount) if it still holds {@code read} (null: none), else adds what came
     * since to {@code want}.
     */
    void replace(Sold want, Sold read);

    /**
     * Sets a line to these totals (the recount) if it still holds {@code read} (null: no line), else adds what was
     * counted since to {@code want}; its store's currency known for the day.
     */
    void replace(Line want, Line read);

    /** Marks transitions counted (the recount counted them), so the stream's late deliveries of them count nothing. */
    void markCounted(Collection<String> markers);
}
