package dev.unifiedcommerce.catalog;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A store or warehouse that holds stock. {@code timeZone} (IANA, e.g. Asia/Tokyo) is where its days and opening hours
 * are; missing means UTC (DESIGN.md "Growing the product").
 */
public record Location(String id, String name, Type type, boolean pickup, Address address, String stripeTerminalLocationId, String timeZone,
                       String phone) {
    public enum Type { STORE, WAREHOUSE }

    /** A location without a phone number on file. */
    public Location(String id, String name, Type type, boolean pickup, Address address, String stripeTerminalLocationId, String timeZone) {
        this(id, name, type, pickup, address, stripeTerminalLocationId, timeZone, null);
    }

    public record Address(String line1, String city, String postalCode, String country) {}

    public ZoneId zone() { return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone); }
}
