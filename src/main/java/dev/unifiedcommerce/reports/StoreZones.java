package dev.unifiedcommerce.reports;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A store's days are counted in its zone; a store without one, or with one this runtime does not know, in UTC. */
public final class StoreZones {
    private StoreZones() {}

    public static ZoneId of(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) return ZoneOffset.UTC;
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC; // never block a report (or the stream behind it) on a bad zone
        }
    }
}
