package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Where stock levels, hold lines and reservations are kept. */
public interface InventoryStore {
    record Page<T>(List<T> items, String next) {}

    List<StockLevel> stockOf(String sku);
    Page<StockLevel> stockAt(String locationId, int limit, String next);

    /** Sets onHand (conditional: not below reserved, else 409); creates the stock level when missing. */
    StockLevel setOnHand(String sku, String locationId, long onHand, boolean productForSale);
    /**
     * Adds delta to onHand and available (available must stay >= 0, else 409), in one transaction with
     * {@code with} (given the level the adjustment will leave).
     */
    StockLevel adjust(String sku, String locationId, long delta, String reason, boolean productForSale, Function<StockLevel, Writes> with);

    Optional<Reservation> reservation(String id);

    /**
     * Writes the hold and {@code with} in one transaction; {@link InsufficientStock} when a line is short or, with
     * {@code forSaleOnly}, when its stock level does not say the product is for sale (a shortage with forSale false).
     */
    Reservation hold(Reservation reservation, Writes with, boolean forSaleOnly);

    /** Splits a stock level over {@code shards} items (1: gathers it back), its onHand, reserved and available unchanged. */
    StockLevel setShards(String sku, String locationId, int shards);

    /** Spreads split stock levels again where one shard runs low (the Sweeper); returns how many levels it moved. */
    int rebalance(int limit);

    /** Marks a stock level for sale if its product is active, checked in the same transaction; false when it is not. */
    boolean markForSale(String sku, String locationId);

    /** Brings every stock level of a product in step with its {@code active} flag after the product changed. */
    void productChanged(String sku, boolean forSale);

    /**
     * Moves a HELD reservation to COMMITTED (stock leaves onHand), RELEASED or EXPIRED (stock back to available),
     * with {@code with}, in one transaction conditional on it still being HELD ({@link ReservationNotHeld} otherwise).
     */
    void finish(Reservation reservation, Reservation.Status to, Writes with);

    /** The actions of {@link #finish}, for callers that compose them into their own transaction. */
    Writes finishWrites(Reservation reservation, Reservation.Status to);

    /**
     * Makes a HELD reservation the hold of one order (a hold made online, paid at the till): conditional on it being
     * HELD and not already claimed, for the order's transaction.
     */
    Writes claimForOrder(String reservationId, String orderId);

    /** A stock level split into {@code shards}: what each of its items has for sale now (index k is shard k). */
    record SplitLevel(int shards, long[] available) {}

    /** The level's shards as they stand, read (not the cached count) when it is split; empty when it is one item. */
    Optional<SplitLevel> splitLevel(String sku, String locationId);

    /**
     * Moves units from the HELD reservation {@code from} into the new reservation {@code to} (its lines decided by the
     * caller), in one transaction with {@code with}: {@code from} keeps {@code remaining} (still HELD, with nothing left
     * when empty); the {@code extra} units, which {@code from} did not hold, are held from the stock (from the draws
     * given) under its usual conditions; the moved units never leave the reserved count. {@link InsufficientStock}
     * when the stock of an extra line is short after all.
     */
    Reservation transfer(Reservation from, List<ReservationLine> remaining, Reservation to, List<ReservationLine> extra,
                         Function<Reservation, Writes> with);

    /** The reservation (and its hold lines) held until {@code until} instead, conditional on it being HELD. */
    Writes moveExpiryWrites(Reservation r, Instant until);

    /** The tag of a shipment's stock write: its refused condition means the stock moved since it was read. */
    record Shipped(String sku, String locationId) {}

    /**
     * Goods sent straight from stock, with no hold first (a paid subscription delivery): {@code onHand} and
     * {@code available} down under {@code available >= q}, one update per stock item (a split level: drawn from its shards
     * as they stand). {@link InsufficientStock} when the stock read has too little; every write stays conditional.
     */
    Writes shipWrites(List<ReservationLine> lines);

    /** Returned goods back on the shelf: onHand and available up by {@code quantity} (the level is created if new). */
    Writes restockWrites(String sku, String locationId, int quantity);

    /** Ids of reservations holding this SKU at this location whose hold ran out before {@code now}. */
    List<String> expiredHolds(String sku, String locationId, Instant now);

    /** Ids of HELD reservations whose hold ran out before {@code now}, oldest first. */
    List<String> expiredReservations(Instant now, int limit);
}
