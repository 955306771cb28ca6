package dev.unifiedcommerce.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the units of a hold come from when a stock level is split into shards, and how stock is spread over them. Pure
 * arithmetic: the store reads the shards, this decides, the store writes under conditions that make any stale decision
 * fail instead of overselling.
 */
public final class ShardPlan {
    public static final int MAX_SHARDS = 16;

    private ShardPlan() {}

    /** The shard a hold tries first: spread by a hash of the reservation (and SKU), so concurrent holds hit different items. */
    public static int preferred(String reservationId, String sku, int shards) {
        return shards <= 1 ? 0 : Math.floorMod((reservationId + "/" + sku).hashCode(), shards);
    }

    /**
     * Draws for {@code quantity} units from shards with the given {@code available} units, starting at {@code first}
     * and going round: as few shards as possible. Empty when the shards together have too little.
     */
    public static List<ReservationLine.Draw> draws(long[] available, int first, int quantity) {
        List<ReservationLine.Draw> draws = new ArrayList<>();
        long left = quantity;
        for (int i = 0; i < available.length && left > 0; i++) {
            int k = (first + i) % available.length;
            long take = Math.min(left, Math.max(0, available[k]));
            if (take > 0) {
                draws.add(new ReservationLine.Draw(k, (int) take));
                left -= take;
            }
        }
        return left > 0 ? List.of() : draws;
    }

    /**
     * {@code total} available units spread evenly over the first {@code shards} of {@code span} items (the rest, shards
     * no longer used, get none): the remainder goes to the first shards.
     */
    public static long[] spread(long total, int shards, int span) {
        long[] out = new long[Math.max(shards, span)];
        for (int k = 0; k < shards; k++) out[k] = total / shards + (k < total % shards ? 1 : 0);
        return out;
    }
}
