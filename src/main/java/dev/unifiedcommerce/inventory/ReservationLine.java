package dev.unifiedcommerce.inventory;

import java.util.List;

/**
 * Units of one SKU held at one location. {@code draws}: for stock split into shards, which shard gave how many units (so
 * a release or a commit gives them back to the same shards); empty when all came from the stock level itself (shard 0).
 */
public record ReservationLine(String sku, String locationId, int quantity, List<Draw> draws) {
    /** Units taken from one shard of a stock level (0: the level's own item). */
    public record Draw(int shard, int quantity) {}

    public ReservationLine {
        draws = draws == null ? List.of() : List.copyOf(draws);
    }

    public ReservationLine(String sku, String locationId, int quantity) { this(sku, locationId, quantity, List.of()); }

    /** The same line drawn from a split level's shards (even if only from shard 0: the level is split, and says so). */
    public ReservationLine withDraws(List<Draw> draws) { return new ReservationLine(sku, locationId, quantity, draws); }

    /** Where the units are: the draws, or all of them from the level itself. */
    public List<Draw> drawsOrLevel() { return draws.isEmpty() ? List.of(new Draw(0, quantity)) : draws; }

    /** The shard whose partition keeps this line's hold line (the first one drawn from). */
    public int homeShard() { return draws.isEmpty() ? 0 : draws.getFirst().shard(); }
}
