package dev.unifiedcommerce.export;

import java.time.Duration;
import java.time.Instant;

/**
 * What one export covers. FULL: the whole table as it stood at {@code to}. INCREMENTAL: every change from {@code from}
 * (inclusive) to {@code to} (exclusive), so chained windows neither miss nor repeat a change. DynamoDB takes
 * incremental windows of 15 minutes to 24 hours.
 */
public record ExportWindow(Kind kind, Instant from, Instant to) {
    public enum Kind { FULL, INCREMENTAL }

    public static final Duration SHORTEST = Duration.ofMinutes(15), LONGEST = Duration.ofHours(24);

    public ExportWindow {
        if (kind == Kind.INCREMENTAL) {
            Duration length = Duration.between(from, to);
            if (length.compareTo(SHORTEST) < 0 || length.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("an incremental export covers 15 minutes to 24 hours, not " + length);
            }
        } else if (from != null) {
            throw new IllegalArgumentException("a full export has no start");
        }
    }

    public static ExportWindow full(Instant at) { return new ExportWindow(Kind.FULL, null, at); }

    /** The next window after everything through {@code exportedTo}, as long as it may be (null: too short yet). */
    public static ExportWindow nextAfter(Instant exportedTo, Instant latest) {
        if (Duration.between(exportedTo, latest).compareTo(SHORTEST) < 0) return null;
        Instant to = exportedTo.plus(LONGEST).isBefore(latest) ? exportedTo.plus(LONGEST) : latest;
        return new ExportWindow(Kind.INCREMENTAL, exportedTo, to);
    }
}
