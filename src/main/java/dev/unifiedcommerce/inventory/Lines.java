package dev.unifiedcommerce.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Lines that ask for the same thing become one line, in the order first asked: the one place a basket's repeated lines
 * are added up (an order's by SKU, a hold's by SKU and location, with {@link ReservationLine#plus} keeping the shards).
 */
public final class Lines {
    private Lines() {}

    public static <L, K> List<L> merged(List<L> lines, Function<L, K> same, BinaryOperator<L> plus) {
        Map<K, L> merged = new LinkedHashMap<>();
        for (L l : lines) merged.merge(same.apply(l), l, plus);
        return List.copyOf(merged.values());
    }
}
