package dev.unifiedcommerce.inventory;

/** A line that could not be held: what was asked and what was available when we tried. */
public record Shortage(String sku, String locationId, long requested, long available) {}
