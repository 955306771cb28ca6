package dev.unifiedcommerce.visit;

/** The visit specifications' store set-up, for other packages' specifications. */
public final class VisitsHttpTestAccess {
    private VisitsHttpTestAccess() {}

    /** A Tokyo store taking visits ({@code capacity} a slot) with {@code units} of a SKU: {sku, locationId}. */
    public static String[] tokyoStore(int capacity, int units) { return VisitsHttpTest.tokyoStore(capacity, units); }

    /** The first bookable slot's start tomorrow. */
    public static String firstSlot(String[] store) { return (String) VisitsHttpTest.slots(store[1], store[0]).getFirst().get("start"); }
}
