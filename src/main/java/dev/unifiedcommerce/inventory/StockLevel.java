package dev.unifiedcommerce.inventory;

/**
 * Stock of one SKU at one location. {@code available} = onHand − reserved is stored, not computed, because a
 * DynamoDB condition cannot do arithmetic: a hold is "available >= q". A hot SKU's stock may be split over
 * {@code shards} items (each with its own onHand/reserved/available); the numbers here are their sums.
 */
public record StockLevel(String sku, String locationId, long onHand, long reserved, long available, int shards) {
    public StockLevel(String sku, String locationId, long onHand, long reserved, long available) {
        this(sku, locationId, onHand, reserved, available, 1);
    }

    public static StockLevel empty(String sku, String locationId) { return new StockLevel(sku, locationId, 0, 0, 0); }
}
