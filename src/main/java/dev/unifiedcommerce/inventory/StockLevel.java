package dev.unifiedcommerce.inventory;

/**
 * Stock of one SKU at one location. {@code available} = onHand − reserved is stored, not computed, because a
 * DynamoDB condition cannot do arithmetic: a hold is "available >= q".
 */
public record StockLevel(String sku, String locationId, long onHand, long reserved, long available) {
    public static StockLevel empty(String sku, String locationId) { return new StockLevel(sku, locationId, 0, 0, 0); }
}
