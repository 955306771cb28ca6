package dev.unifiedcommerce.reports;

import java.time.LocalDate;
import java.util.List;

/** Where the sales report's lines are kept: counted exactly once per transition. */
public interface SalesReportStore {
    /** Adds the change to its line, with its marker, in one transaction; false when it was counted before. */
    boolean count(SalesChange change);

    /** A report line: its key and totals. */
    record Line(String currency, LocalDate day, String locationId, String channel, String paymentMethod, SalesTotals totals) {}

    /** The currencies sold in on the days from..to (inclusive). */
    java.util.Set<String> currencies(LocalDate from, LocalDate to);

    /** The lines of one day in one currency. */
    List<Line> lines(String currency, LocalDate day);
}
