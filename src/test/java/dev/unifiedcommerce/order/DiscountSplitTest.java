package dev.unifiedcommerce.order;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** How an order's discount is spread over its lines, and what a return of some of a line's units gives back. */
class DiscountSplitTest {
    static Order.Line line(String sku, int quantity, long unit) { return new Order.Line(sku, sku, quantity, unit, "store", 0); }

    @Test
    void theSharesAddUpToTheDiscountAndTheUnitsLeftOverGoToTheLargestRemainders() {
        var split = LargestRemainder.split(100, List.of(line("A", 1, 1000), line("B", 1, 1000), line("C", 1, 1000)));
        assertThat(split).extracting(Order.Line::discount).containsExactly(34L, 33L, 33L);
        // 70 over 1:2 -> 23.33 and 46.67: the larger remainder gets the unit
        assertThat(LargestRemainder.split(70, List.of(line("A", 1, 100), line("B", 1, 200)))).extracting(Order.Line::discount).containsExactly(23L, 47L);
    }

    @Test
    void anyDiscountUpToTheSubtotalIsSplitExactlyAndNeverBelowALinesPrice() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<Order.Line> lines = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) lines.add(line("S" + i, 1 + random.nextInt(5), 1 + random.nextInt(50_000)));
            long subtotal = lines.stream().mapToLong(Order.Line::gross).sum();
            long discount = random.nextLong(subtotal + 1);
            var split = LargestRemainder.split(discount, lines);
            assertThat(split.stream().mapToLong(Order.Line::discount).sum()).isEqualTo(discount);
            assertThat(split).allMatch(l -> l.discount() >= 0 && l.discount() <= l.gross());
        }
    }

    @Test
    void pointsWorthMoreThanAMinorUnitNeverTakeALineBelowZero() {
        // at 2 cents a point, 52 points over lines of 3, 3 and 100 cents split 2/1/49 by remainder: 4 cents off a 3-cent line
        assertThat(LargestRemainder.capped(52, new long[]{3, 3, 100}, 2)).containsExactly(1L, 1L, 50L);
        Random random = new Random(5);
        for (int round = 0; round < 2_000; round++) {
            long value = 1 + random.nextInt(5);
            long[] left = new long[1 + random.nextInt(5)];
            long room = 0;
            for (int i = 0; i < left.length; i++) { left[i] = random.nextInt(10_000); room += left[i] / value; }
            long points = room == 0 ? 0 : random.nextLong(room + 1);
            long[] share = LargestRemainder.capped(points, left, value);
            assertThat(Arrays.stream(share).sum()).isEqualTo(points);
            for (int i = 0; i < left.length; i++) assertThat(share[i] * value).isBetween(0L, left[i]);
        }
    }

    @Test
    void returningEveryUnitInAnyStepsGivesBackExactlyWhatTheLineWasPaid() {
        Random random = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            int quantity = 1 + random.nextInt(9);
            long unit = 1 + random.nextInt(10_000);
            var l = new Order.Line("S", "S", quantity, unit, "store", random.nextLong(unit * quantity + 1));
            long back = 0;
            for (int returned = 0; returned < quantity; ) {
                int now = 1 + random.nextInt(quantity - returned);
                long part = l.paidFor(returned + now) - l.paidFor(returned);
                assertThat(part).isBetween(0L, unit * now);
                back += part;
                returned += now;
            }
            assertThat(back).isEqualTo(l.paid());
        }
    }
}
