package dev.unifiedcommerce.inventory;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A line that could not be held: what was asked and what was available when we tried. {@code forSale} false: the stock
 * level did not say the product is for sale (a product made inactive, or a level whose flag is not set yet), which the
 * hold explains from the catalog rather than as a shortage.
 */
public record Shortage(String sku, String locationId, long requested, long available, @JsonIgnore boolean forSale) {
    public Shortage(String sku, String locationId, long requested, long available) { this(sku, locationId, requested, available, true); }
}
