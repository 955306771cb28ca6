package dev.unifiedcommerce.reports;

/**
 * What a report line adds up, in minor units of one currency: orders and units sold, their list price (gross), the
 * discounts taken off, refunds given back, what was kept (net = paid totals less refunds), points earned and spent.
 * Counts never go negative; money may (a day of returns).
 */
public record SalesTotals(long orders, long units, long gross, long discounts, long refunds, long net, long pointsEarned, long pointsSpent) {
    public static final SalesTotals ZERO = new SalesTotals(0, 0, 0, 0, 0, 0, 0, 0);

    public SalesTotals plus(SalesTotals o) {
        return new SalesTotals(orders + o.orders, units + o.units, gross + o.gross, discounts + o.discounts, refunds + o.refunds, net + o.net,
                pointsEarned + o.pointsEarned, pointsSpent + o.pointsSpent);
    }
}
