package dev.unifiedcommerce.inventory;

/** Units of one SKU held at one location. */
public record ReservationLine(String sku, String locationId, int quantity) {}
