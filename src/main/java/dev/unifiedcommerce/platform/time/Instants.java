package dev.unifiedcommerce.platform.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** One fixed-width ISO-8601 UTC form, so stored times sort as strings (the Sweeper's index relies on it). */
public final class Instants {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Instants() {}

    public static String format(Instant t) { return FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS)); }

    public static Instant parse(String s) { return s == null ? null : Instant.parse(s); }
}
