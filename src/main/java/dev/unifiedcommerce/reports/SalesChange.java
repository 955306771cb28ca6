package dev.unifiedcommerce.reports;

import java.time.LocalDate;

/**
 * One transition counted in the sales report: {@code delta} added to the line of this store, channel and payment method
 * on this day (in the store's zone), in this currency. {@code marker} names the transition, so it counts once however
 * often the change stream delivers it.
 */
public record SalesChange(String marker, String currency, LocalDate day, String locationId, String channel, String paymentMethod, SalesTotals delta) {}
