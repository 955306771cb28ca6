package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.ProductSaved;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.KeepsChanging;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stock and holds (DESIGN.md "Money and stock"): hold all lines or none, release, commit, and the expiry of holds
 * (lazily by the hold that needs the stock, and by the Sweeper). Every change to stock is one transaction or one
 * conditional write in the store; this class decides what to ask for and what a refusal means.
 */
@ApplicationScoped
public class Inventory {
    private static final Logger LOG = Logger.getLogger(Inventory.class);
    public static final int MAX_LINES = 40;
    public static final int MAX_QUANTITY = 10_000;

    private final InventoryStore store;
    private final CatalogStore catalog;
    private final Clock clock;
    private final HoldExpiry expiry;

    /** Every capability whose holds run out (orders, visits) says what else happens then. */
    @Inject
    public Inventory(InventoryStore store, CatalogStore catalog, Clock clock, Instance<HoldExpiry> expiry) {
        this(store, catalog, clock, HoldExpiry.all(expiry.stream().toList()));
    }

    public Inventory(InventoryStore store, CatalogStore catalog, Clock clock, HoldExpiry expiry) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.expiry = expiry;
    }

    public StockLevel setOnHand(String sku, String locationId, long onHand) {
        return store.setOnHand(sku, locationId, onHand, requireKnown(sku, locationId).active());
    }

    public StockLevel adjust(String sku, String locationId, long delta, String reason, Function<StockLevel, Writes> with) {
        return store.adjust(sku, locationId, delta, reason, requireKnown(sku, locationId).active(), with);
    }

    /**
     * Splits the stock of a hot SKU at one location over {@code count} items (1..16; 1 gathers it back): a hold writes one
     * of them, so the SKU's holds per second grow with the count. onHand, reserved and available stay as they are.
     */
    public StockLevel setShards(String sku, String locationId, int count) {
        requireKnown(sku, locationId);
        return store.setShards(sku, locationId, count);
    }

    /** A product was saved: its stock levels take its {@code active} flag, which every hold checks. */
    void productSaved(@Observes ProductSaved saved) {
        store.productChanged(saved.product().sku(), saved.product().active());
    }

    public List<StockLevel> stockOf(String sku) {
        if (catalog.product(sku).isEmpty()) throw Rejected.notFound("product", "sku", sku);
        return store.stockOf(sku);
    }

    public InventoryStore.Page<StockLevel> stockAt(String locationId, int limit, String next) {
        if (catalog.location(locationId).isEmpty()) throw Rejected.notFound("location", "locationId", locationId);
        return store.stockAt(locationId, limit, next);
    }

    private Product requireKnown(String sku, String locationId) {
        var found = catalog.lookup(List.of(sku), List.of(locationId));
        if (!found.products().containsKey(sku)) throw Rejected.notFound("product", "sku", sku);
        if (!found.locations().containsKey(locationId)) throw Rejected.notFound("location", "locationId", locationId);
        return found.products().get(sku);
    }

    /**
     * Holds every line or none, in ONE request: the stock levels carry whether their product is for sale and exist only
     * at known locations, so the transaction's conditions are the catalog check. Lines for the same SKU and location are
     * merged first. {@code with} gives the writes that must happen in the same transaction (an order, the idempotency
     * record...) for the reservation about to be written. A refusal is explained from the catalog (422 for an unknown or
     * inactive SKU, an unknown location) or is a shortage; when a line is short, holds of that stock that have expired
     * are released and the hold is tried once more.
     */
    public Reservation hold(String owner, List<ReservationLine> requested, Duration ttl, Function<Reservation, Writes> with) {
        return hold(owner, null, requested, ttl, with);
    }

    /** As above, for the hold of an order: the reservation names it, so its expiry can end the order too. */
    public Reservation hold(String owner, String orderId, List<ReservationLine> requested, Duration ttl, Function<Reservation, Writes> with) {
        return hold(owner, orderId, requested, ttl, with, true);
    }

    /**
     * As above, for an order whose shopper has paid already (the hold ran out before the money came): the catalog is not
     * asked again, the shopper paid for what was on sale when they ordered.
     */
    public Reservation holdPaidFor(String owner, String orderId, List<ReservationLine> requested, Duration ttl, Function<Reservation, Writes> with) {
        return hold(owner, orderId, requested, ttl, with, false);
    }

    /** As above, for the hold of a visit booked to try the items on: its expiry can end the visit too. */
    public Reservation holdForVisit(String owner, String visitId, List<ReservationLine> requested, Instant until, Function<Reservation, Writes> with) {
        Duration ttl = Duration.between(clock.instant().truncatedTo(ChronoUnit.MILLIS), until);
        return hold(owner, null, visitId, requested, ttl, with, true);
    }

    /**
     * A new hold for an order made partly of units another hold has (a visit's, at the till): those units move into it
     * without ever being released (so nobody else can take them in between), what {@code from} did not hold is held from
     * the stock, and {@code from} keeps the rest; all in one transaction with {@code with}.
     */
    public Reservation takeFrom(String owner, String orderId, Reservation from, List<ReservationLine> bought, Duration ttl,
                                Function<Reservation, Writes> with) {
        if (from.status() != Reservation.Status.HELD || from.expiredAt(clock.instant())) {
            throw Rejected.conflict("reservation-not-held", "Hold ended", "the items of reservation '" + from.id() + "' are no longer held");
        }
        List<ReservationLine> wanted = merge(bought);
        List<ReservationLine> moved = new ArrayList<>(), extra = new ArrayList<>(), remaining = new ArrayList<>();
        for (ReservationLine source : from.lines()) {
            var want = wanted.stream().filter(w -> w.sku().equals(source.sku()) && w.locationId().equals(source.locationId())).findFirst();
            int take = want.map(w -> Math.min(w.quantity(), source.quantity())).orElse(0);
            if (take == 0) {
                remaining.add(source);
                continue;
            }
            // the units taken keep the shards they were drawn from; the rest stay with the source
            List<ReservationLine.Draw> takenDraws = new ArrayList<>(), leftDraws = new ArrayList<>();
            int need = take;
            for (ReservationLine.Draw d : source.draws()) {
                int t = Math.min(need, d.quantity());
                if (t > 0) takenDraws.add(new ReservationLine.Draw(d.shard(), t));
                if (d.quantity() - t > 0) leftDraws.add(new ReservationLine.Draw(d.shard(), d.quantity() - t));
                need -= t;
            }
            moved.add(new ReservationLine(source.sku(), source.locationId(), take, takenDraws));
            if (source.quantity() > take) remaining.add(new ReservationLine(source.sku(), source.locationId(), source.quantity() - take, leftDraws));
        }
        for (ReservationLine w : wanted) {
            int had = moved.stream().filter(m -> m.sku().equals(w.sku()) && m.locationId().equals(w.locationId())).mapToInt(ReservationLine::quantity).sum();
            if (w.quantity() > had) extra.add(new ReservationLine(w.sku(), w.locationId(), w.quantity() - had));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Reservation planned = new Reservation(Ids.newId("res"), Reservation.Status.HELD, List.of(), now.plus(ttl), now, owner, orderId, null);
        try {
            return transfer(from, remaining, planned, moved, extra, with);
        } catch (InsufficientStock refused) {
            requireSellable(extra); // a line the catalog no longer sells says so (422)
            // as a hold does: a level not yet marked for sale is marked (checked against its product), expired holds freed
            int freed = 0;
            for (Shortage s : refused.shortages()) if (!s.forSale() && store.markForSale(s.sku(), s.locationId())) freed++;
            List<Shortage> real = refused.shortages().stream().filter(s -> s.available() < s.requested()).toList();
            if (!real.isEmpty()) freed += releaseExpiredHolds(real, now);
            if (freed == 0) throw real.isEmpty() ? refused : new InsufficientStock(real);
            return transfer(from, remaining, planned, moved, extra, with);
        }
    }

    /**
     * The new hold's lines: what moves from {@code from} and the extra units, one line per place. An extra line of a split
     * level is drawn from its shards as they stand, the hold's preferred one first (one read of the shards; a till sale is
     * no hot path), so a split level sells what it has; short there is short.
     */
    private Reservation transfer(Reservation from, List<ReservationLine> remaining, Reservation planned, List<ReservationLine> moved,
                                 List<ReservationLine> extraWanted, Function<Reservation, Writes> with) {
        List<ReservationLine> extra = extraWanted.stream().map(e -> store.splitLevel(e.sku(), e.locationId()).map(split -> {
            var draws = ShardPlan.draws(split.available(), ShardPlan.preferred(planned.id(), e.sku(), split.shards()), e.quantity());
            if (draws.isEmpty()) {
                throw new InsufficientStock(List.of(new Shortage(e.sku(), e.locationId(), e.quantity(), Arrays.stream(split.available()).sum())));
            }
            return e.withDraws(draws);
        }).orElse(e)).toList();
        List<ReservationLine> lines = new ArrayList<>(moved);
        lines.addAll(extra);
        return store.transfer(from, remaining, planned.withLines(ReservationLine.merged(lines)), extra, with);
    }

    /** Moves a HELD reservation's expiry (a visit rescheduled), for the caller's transaction; conditional on it being HELD. */
    public Writes moveExpiryWrites(Reservation r, Instant until) { return store.moveExpiryWrites(r, until); }

    private Reservation hold(String owner, String orderId, List<ReservationLine> requested, Duration ttl, Function<Reservation, Writes> with,
                             boolean forSaleOnly) {
        return hold(owner, orderId, null, requested, ttl, with, forSaleOnly);
    }

    private Reservation hold(String owner, String orderId, String visitId, List<ReservationLine> requested, Duration ttl, Function<Reservation, Writes> with,
                             boolean forSaleOnly) {
        List<ReservationLine> lines = merge(requested);
        if (lines.isEmpty()) throw Rejected.invalid("lines", "must hold at least one line");
        if (lines.size() > MAX_LINES) throw Rejected.invalid("lines", "must hold at most " + MAX_LINES + " distinct SKU/location lines");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Reservation reservation = new Reservation(Ids.newId("res"), Reservation.Status.HELD, lines, now.plus(ttl), now, owner, orderId, visitId);
        try {
            return store.hold(reservation, with.apply(reservation), forSaleOnly);
        } catch (InsufficientStock refused) {
            if (forSaleOnly) requireSellable(lines); // the refusal's reason may be the catalog's: say that (422)
            int freed = 0;
            for (Shortage s : refused.shortages()) {
                // the product is for sale (just read) but its stock level does not say so yet: set it, checked against the product
                if (!s.forSale() && store.markForSale(s.sku(), s.locationId())) freed++;
            }
            List<Shortage> real = refused.shortages().stream().filter(s -> s.available() < s.requested()).toList();
            if (!real.isEmpty()) freed += releaseExpiredHolds(real, now);
            if (freed == 0) throw real.isEmpty() ? refused : new InsufficientStock(real);
            return store.hold(reservation, with.apply(reservation), forSaleOnly);
        }
    }

    /**
     * Where a shipped order is held (its quantities by SKU): a location that has every line, warehouses first, then the one with the most
     * to spare. One location per order keeps one parcel and one all-or-nothing hold.
     */
    public String shipFrom(Map<String, Integer> quantities) {
        Map<String, Map<String, Long>> availableAt = new LinkedHashMap<>();
        for (String sku : quantities.keySet()) {
            for (StockLevel s : stockOf(sku)) {
                availableAt.computeIfAbsent(s.locationId(), k -> new LinkedHashMap<>()).put(s.sku(), s.available());
            }
        }
        var locations = catalog.lookup(List.of(), List.copyOf(availableAt.keySet())).locations();
        Comparator<String> preference = Comparator.comparing((String loc) -> locations.containsKey(loc) && locations.get(loc).type() == Location.Type.WAREHOUSE ? 0 : 1)
                .thenComparing(loc -> -spare(availableAt.get(loc), quantities));
        List<String> candidates = availableAt.keySet().stream().filter(locations::containsKey).sorted(preference).toList();
        for (String loc : candidates) {
            if (spare(availableAt.get(loc), quantities) >= 0) return loc;
        }
        String best = candidates.isEmpty() ? null : candidates.getFirst();
        List<Shortage> shortages = new ArrayList<>();
        quantities.forEach((sku, quantity) -> {
            long available = best == null ? 0 : availableAt.get(best).getOrDefault(sku, 0L);
            if (available < quantity) shortages.add(new Shortage(sku, best, quantity, available));
        });
        throw new InsufficientStock(shortages);
    }

    private static long spare(Map<String, Long> available, Map<String, Integer> quantities) {
        long min = Long.MAX_VALUE;
        for (var q : quantities.entrySet()) min = Math.min(min, available.getOrDefault(q.getKey(), 0L) - q.getValue());
        return min;
    }

    private static List<ReservationLine> merge(List<ReservationLine> lines) {
        List<ReservationLine> merged = ReservationLine.merged(lines);
        for (ReservationLine l : merged) {
            if (l.quantity() > MAX_QUANTITY) {
                throw Rejected.invalid("lines", "hold at most " + MAX_QUANTITY + " units of " + l.sku() + " at " + l.locationId());
            }
        }
        return merged;
    }

    private void requireSellable(List<ReservationLine> lines) {
        var found = catalog.lookup(lines.stream().map(ReservationLine::sku).toList(), lines.stream().map(ReservationLine::locationId).toList());
        for (int i = 0; i < lines.size(); i++) {
            ReservationLine l = lines.get(i);
            String field = "lines[" + i + "].sku";
            Product.notSellable(l.sku(), found.products().get(l.sku())).ifPresent(why -> { throw Rejected.unusable(field, why); });
            Location loc = found.locations().get(l.locationId());
            if (loc == null) throw Rejected.unusable("lines[" + i + "].locationId", "unknown location '" + l.locationId() + "'");
        }
    }

    /** Lazy expiry: the stock a hold needs may be tied up by holds whose time ran out. Returns how many were released. */
    private int releaseExpiredHolds(List<Shortage> shortages, Instant now) {
        Set<String> expired = new LinkedHashSet<>();
        for (Shortage s : shortages) expired.addAll(store.expiredHolds(s.sku(), s.locationId(), now));
        int released = 0;
        for (String id : expired) {
            if (expire(id, now)) released++;
        }
        return released;
    }

    public Writes restockWrites(String sku, String locationId, int quantity) { return store.restockWrites(sku, locationId, quantity); }

    /** Goods sent straight from stock (a paid delivery, no hold first); {@link InsufficientStock} when there is too little. */
    public Writes shipWrites(List<ReservationLine> lines) { return store.shipWrites(lines); }

    public Writes claimForOrder(String reservationId, String orderId) { return store.claimForOrder(reservationId, orderId); }

    public Reservation reservation(String id) {
        return store.reservation(id).orElseThrow(() -> Rejected.notFound("reservation", "reservationId", id));
    }

    /** How finishing a hold went: this call finished it, or it had left HELD already (committed, released, expired). */
    public sealed interface Finish {
        Reservation reservation();

        record Finished(Reservation reservation) implements Finish {}

        record NotHeld(Reservation reservation) implements Finish {}
    }

    /**
     * The one way a HELD reservation ends, for every caller (a cancel, a payment, a failed payment start): moved to
     * {@code to} (COMMITTED: the units leave onHand; RELEASED: for sale again) with {@code with} in the same transaction,
     * conditional on it still being HELD. When it is not (any more), nothing is written and the caller learns how it
     * stands; a refusal of {@code with}'s own conditions is thrown as their writers explain it, and a hold that keeps
     * changing under the call (still HELD, never finished) is {@link KeepsChanging}.
     */
    public Finish finishHeld(String id, Reservation.Status to, Writes with) {
        return finishHeld(id, to, with, r -> { });
    }

    /**
     * As above, for a caller that knows the hold as it was made: an order's lines are its hold's lines (the hold is made
     * from them, one per SKU and location), so a payment finishes the hold without reading it first. The transaction is
     * conditional on the reservation being HELD and the order's; when it is not, it is read and decided as above.
     */
    public Finish finishHeldOf(String orderId, String reservationId, List<ReservationLine> lines, Reservation.Status to, Writes with) {
        Reservation assumed = new Reservation(reservationId, Reservation.Status.HELD, lines, Instant.EPOCH, Instant.EPOCH, null, orderId);
        try {
            store.finish(assumed, to, with);
            return new Finish.Finished(assumed.withStatus(to));
        } catch (ReservationNotHeld notAsAssumed) {
            return finishHeld(reservationId, to, with);
        }
    }

    /** As above, with {@code mayFinish} asked (it throws to refuse) about the HELD reservation as each attempt reads it. */
    private Finish finishHeld(String id, Reservation.Status to, Writes with, Consumer<Reservation> mayFinish) {
        return Contention.retry("reservation '" + id + "'", () -> {
            Reservation r = reservation(id);
            if (r.status() != Reservation.Status.HELD) return Optional.of(new Finish.NotHeld(r));
            mayFinish.accept(r);
            try {
                store.finish(r, to, with);
                return Optional.of(new Finish.Finished(r.withStatus(to)));
            } catch (ReservationNotHeld raced) {
                // a commit, a release or the Sweeper got there first: look again
            }
            return Optional.empty();
        });
    }

    /**
     * Gives the stock back. Idempotent: releasing a released or expired reservation answers it as it is. A hold an
     * order has claimed is the order's: releasing it under the order would leave a payable order without its stock
     * (409; cancel the order instead). The write is conditional on that, so a claim racing this release wins cleanly.
     */
    public Reservation release(String id) {
        return switch (finishHeld(id, Reservation.Status.RELEASED, Writes.none(), r -> {
            if (r.orderId() != null) throw new Rejected(Rejected.Kind.CONFLICT, "reservation-belongs-to-order", "Reservation belongs to an order",
                    "reservation '" + id + "' holds the stock of order '" + r.orderId() + "'; cancel the order instead",
                    "orderId", Map.of("orderId", r.orderId()), null);
            if (r.visitId() != null) throw new Rejected(Rejected.Kind.CONFLICT, "reservation-belongs-to-visit", "Reservation belongs to a visit",
                    "reservation '" + id + "' holds the items of visit '" + r.visitId() + "'; cancel the visit instead",
                    "visitId", Map.of("visitId", r.visitId()), null);
        })) {
            case Finish.Finished f -> f.reservation();
            case Finish.NotHeld n when n.reservation().status() == Reservation.Status.COMMITTED -> throw Rejected.conflict("reservation-committed",
                    "Reservation committed", "reservation '" + id + "' was paid for; refund the order instead");
            case Finish.NotHeld n -> n.reservation();
        };
    }

    /**
     * Payment applied: the held units leave onHand, with {@code with}. A hold past its expiry that nobody released yet
     * still holds its stock, so it commits. Idempotent for COMMITTED; 409 for RELEASED/EXPIRED.
     */
    public Reservation commit(String id, Writes with) {
        return switch (finishHeld(id, Reservation.Status.COMMITTED, with)) {
            case Finish.Finished f -> f.reservation();
            case Finish.NotHeld n when n.reservation().status() == Reservation.Status.COMMITTED -> n.reservation();
            case Finish.NotHeld n -> throw Rejected.conflict("reservation-not-held", "Reservation not held",
                    "reservation '" + id + "' is " + n.reservation().status() + "; its stock is no longer held");
        };
    }

    /** Releases one reservation as EXPIRED if it is still HELD and its hold ran out; true when this call did it. */
    public boolean expire(String id, Instant now) {
        var found = store.reservation(id);
        if (found.isEmpty()) return false;
        Reservation r = found.get();
        if (r.status() != Reservation.Status.HELD || !r.expiredAt(now)) return false;
        try {
            store.finish(r, Reservation.Status.EXPIRED, expiry.expiring(r));
        } catch (ReservationNotHeld raced) {
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("hold %s could not expire now (%s); the next sweep retries", id, e.getClass().getSimpleName());
            return false;
        }
        expiry.expired(r.withStatus(Reservation.Status.EXPIRED));
        return true;
    }

    /** The Sweeper's pass: releases every hold that ran out. Returns how many this pass expired. */
    public int sweep(int batch) {
        Instant now = clock.instant();
        int expired = 0, thisPage;
        List<String> ids;
        do { // page after page while pages are full and make progress
            ids = new ArrayList<>(store.expiredReservations(now, batch));
            thisPage = 0;
            for (String id : ids) {
                if (expire(id, now)) thisPage++;
            }
            expired += thisPage;
        } while (ids.size() == batch && thisPage > 0);
        if (expired > 0) LOG.infof("sweeper expired %d hold(s)", expired);
        int moved = store.rebalance(100);
        if (moved > 0) LOG.infof("sweeper spread the stock of %d split level(s) again", moved);
        return expired;
    }
}
