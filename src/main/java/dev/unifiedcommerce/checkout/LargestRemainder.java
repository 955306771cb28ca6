package dev.unifiedcommerce.checkout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an order's discount over its lines in proportion to what each line costs, by largest remainder: every line
 * gets the whole minor units of its share, and the units left over go to the lines whose shares lost the most to
 * rounding (the earlier line on a tie). The shares add up to the discount exactly, and no line is discounted below zero.
 */
final class LargestRemainder {
    private LargestRemainder() {}

    static List<Order.Line> split(long discount, List<Order.Line> lines) {
        long subtotal = lines.stream().mapToLong(Order.Line::gross).sum();
        if (discount == 0 || subtotal == 0) return lines;
        long[] share = new long[lines.size()];
        long[] remainder = new long[lines.size()];
        long given = 0;
        for (int i = 0; i < lines.size(); i++) {
            // products of two amounts under 10^9 x 10^13 fit a long: prices and quantities are bounded far below that
            long exact = Math.multiplyExact(discount, lines.get(i).gross());
            share[i] = exact / subtotal;
            remainder[i] = exact % subtotal;
            given += share[i];
        }
        List<Integer> order = IntStream.range(0, lines.size()).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i)).toList();
        for (int k = 0; given < discount; k++, given++) share[order.get(k)]++;
        List<Order.Line> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Order.Line l = lines.get(i);
            out.add(new Order.Line(l.sku(), l.name(), l.quantity(), l.unitAmount(), l.locationId(), share[i]));
        }
        return out;
    }
}
