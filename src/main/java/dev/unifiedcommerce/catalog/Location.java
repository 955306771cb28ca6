package dev.unifiedcommerce.catalog;

/** A store or warehouse that holds stock. */
public record Location(String id, String name, Type type, boolean pickup, Address address, String stripeTerminalLocationId) {
    public enum Type { STORE, WAREHOUSE }

    public record Address(String line1, String city, String postalCode, String country) {}
}
