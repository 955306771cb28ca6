package dev.unifiedcommerce.catalog;

/** A sellable item. Prices come from here, never from the client. */
public record Product(String sku, String name, Money price, boolean active) {}
