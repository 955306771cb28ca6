package dev.unifiedcommerce.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** Where the units are held: the SKU at the location (two lines of one place are one line). */
    public record Place(String sku, String locationId) {}

    public Place place() { return new Place(sku, locationId); }

    /**
     * This line and {@code other} (of the same place) as one: the quantities added, and when either was drawn from
     * shards, the draws added up per shard (so a release gives each shard back what it gave).
     */
    public ReservationLine plus(ReservationLine other) {
        if (!place().equals(other.place())) throw new IllegalArgumentException(other.place() + " is not " + place());
        List<Draw> summed = new ArrayList<>();
        if (!draws.isEmpty() || !other.draws.isEmpty()) {
            Map<Integer, Integer> byShard = new TreeMap<>();
            for (Draw d : drawsOrLevel()) byShard.merge(d.shard(), d.quantity(), Integer::sum);
            for (Draw d : other.drawsOrLevel()) byShard.merge(d.shard(), d.quantity(), Integer::sum);
            byShard.forEach((k, q) -> summed.add(new Draw(k, q)));
        }
        return new ReservationLine(sku, locationId, quantity + other.quantity, summed);
    }

    /** Lines of one place added up, in the order first asked. */
    public static List<ReservationLine> merged(List<ReservationLine> lines) {
        return Lines.merged(lines, ReservationLine::place, ReservationLine::plus);
    }

    /** The shard whose partition keeps this line's hold line (the first one drawn from). */
    public int homeShard() { return draws.isEmpty() ? 0 : draws.getFirst().shard(); }
}
