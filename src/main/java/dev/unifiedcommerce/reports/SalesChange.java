package dev.unifiedcommerce.reports;

import java.time.LocalDate;
import java.util.List;

/**
 * One transition counted in the sales report: {@code delta} added to the line of this store, channel and payment method
 * on this day (in the store's zone), in this currency, and a sale's units added to each SKU's count at the location
 * it left ({@code sold}; what days of cover are worked out from). {@code marker} names the transition, so it counts
 * once however often the change stream delivers it.
 */
public record SalesChange(String marker, String currency, LocalDate day, String locationId, String channel, String paymentMethod, SalesTotals delta,
                          List<SkuUnits> sold) {
    /** Units of a SKU that left a location. */
    public record SkuUnits(String sku, String locationId, long units) {}

    public SalesChange(String marker, String currency, LocalDate day, String locationId, String channel, String paymentMethod, SalesTotals delta) {
        this(marker, currency, day, locationId, channel, paymentMethod, delta, List.of());
    }
}
