package dev.unifiedcommerce.order;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits an order's discount over its lines in proportion to what each line costs, by largest remainder: every line
 * gets the whole minor units of its share, and the units left over go to the lines whose shares lost the most to
 * rounding (the earlier line on a tie). The shares add up to the discount exactly, and no line is discounted below zero.
 */
public final class LargestRemainder {
    private LargestRemainder() {}

    public static List<Order.Line> split(long discount, List<Order.Line> lines) {
        long[] share = shares(discount, lines.stream().mapToLong(Order.Line::gross).toArray());
        List<Order.Line> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) out.add(lines.get(i).withDiscount(share[i], lines.get(i).points()));
        return out;
    }

    /**
     * {@code points} split over lines costing {@code left} in proportion, no line taking more points than its cost buys at
     * {@code value} each (what rounding put over a line's room goes to lines with room, in order). The caller makes sure
     * the lines have room for all of them.
     */
    static long[] capped(long points, long[] left, long value) {
        long[] share = shares(points, left);
        long over = 0;
        for (int i = 0; i < share.length; i++) {
            long room = left[i] / value;
            if (share[i] > room) {
                over += share[i] - room;
                share[i] = room;
            }
        }
        for (int i = 0; i < share.length && over > 0; i++) {
            long take = Math.min(over, left[i] / value - share[i]);
            share[i] += take;
            over -= take;
        }
        return share;
    }

    /** {@code total} split over {@code weights} in proportion, by largest remainder (shares sum to it exactly). */
    static long[] shares(long total, long[] weights) {
        long sum = Arrays.stream(weights).sum();
        long[] share = new long[weights.length];
        if (total == 0 || sum == 0) return share;
        long[] remainder = new long[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            // amounts and quantities are bounded far below what would overflow a long here
            long exact = Math.multiplyExact(total, weights[i]);
            share[i] = exact / sum;
            remainder[i] = exact % sum;
            given += share[i];
        }
        List<Integer> order = IntStream.range(0, weights.length).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -remainder[i]).thenComparingInt(i -> i)).toList();
        for (int k = 0; given < total; k++, given++) share[order.get(k)]++;
        return share;
    }
}
