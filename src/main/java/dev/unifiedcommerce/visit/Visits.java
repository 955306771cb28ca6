package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.customer.Customers;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Visits booked to try items on: a store's schedule and its bookable slots, a booking that takes a slot's place and
 * holds the items in ONE transaction, and the visit's life (rescheduled, cancelled, arrived, no-show) with its place
 * and its hold moving together.
 */
@ApplicationScoped
public class Visits {
    public static final int MAX_ITEMS = 10;
    private static final Set<Visit.Status> OPEN = EnumSet.of(Visit.Status.BOOKED, Visit.Status.ARRIVED);

    /** {@code shopperRef}: the channel's verified shopper booking it (null: staff, or typed contact details). */
    public record Booking(String locationId, Instant start, String customerId, Contact contact, List<Visit.Item> items, Visit.Reminder remindTo,
                          String shopperRef) {
        public Booking(String locationId, Instant start, String customerId, Contact contact, List<Visit.Item> items, Visit.Reminder remindTo) {
            this(locationId, start, customerId, contact, items, remindTo, null);
        }
    }

    /** Bookable slots and how many of each asked SKU the store has now. */
    public record Availability(ZoneId zone, List<VisitSlots.Slot> slots, List<StockLevel> stock) {}

    private final VisitStore store;
    private final Transactions transactions;
    private final CatalogStore catalog;
    private final Inventory inventory;
    private final Customers customers;
    private final Clock clock;
    private final FollowUpStore followUps;
    private final FollowUps outbox;

    public Visits(VisitStore store, Transactions transactions, CatalogStore catalog, Inventory inventory, Customers customers, Clock clock, FollowUpStore followUps, FollowUps outbox) {
        this.followUps = followUps;
        this.outbox = outbox;
        this.store = store;
        this.transactions = transactions;
        this.catalog = catalog;
        this.inventory = inventory;
        this.customers = customers;
        this.clock = clock;
    }

    public VisitSchedule saveSchedule(VisitSchedule s) {
        location(s.locationId(), true);
        for (int i = 0; i < s.openingHours().size(); i++) {
            var h = s.openingHours().get(i);
            if (!h.close().isAfter(h.open())) throw Rejected.invalid("openingHours[" + i + "].close", "must be after open");
            if (Duration.between(h.open(), h.close()).toMinutes() < s.slotMinutes()) {
                throw Rejected.invalid("openingHours[" + i + "]", "must be open at least one slot (" + s.slotMinutes() + " minutes)");
            }
        }
        store.saveSchedule(s);
        return s;
    }

    public VisitSchedule schedule(String locationId) {
        location(locationId, true);
        return store.schedule(locationId).orElseThrow(() -> Rejected.notFound("visit schedule", "locationId", locationId));
    }

    public ZoneId zoneOf(String locationId) { return location(locationId, true).zone(); }

    /** The slots that can be booked from {@code from} (a date in the store's zone) for {@code days} days. */
    public Availability availability(String locationId, LocalDate from, int days, List<String> skus) {
        Location at = location(locationId, true);
        VisitSchedule s = schedule(locationId);
        ZoneId zone = at.zone();
        Instant start = from.atStartOfDay(zone).toInstant(), end = from.plusDays(days).atStartOfDay(zone).toInstant();
        var slots = VisitSlots.bookable(s, zone, from, days, clock.instant(), store.booked(locationId, start, end));
        List<StockLevel> stock = skus.stream().distinct().map(sku -> inventory.stockOf(sku).stream().filter(l -> l.locationId().equals(locationId)).findFirst()
                .orElse(new StockLevel(sku, locationId, 0, 0, 0))).toList();
        return new Availability(zone, slots, stock);
    }

    /**
     * Books a visit: the slot's place, the customer's open visits, the items held at the store until the slot ends plus
     * the grace, the visit and {@code withCaller} (the Idempotency-Key's record), in one transaction.
     */
    public Visit book(String caller, Booking b, Function<String, Writes> withCaller) {
        Location at = location(b.locationId(), false);
        VisitSchedule s = store.schedule(b.locationId()).orElseThrow(() -> Rejected.unusable("locationId",
                "store '" + b.locationId() + "' takes no visits (no visit schedule)"));
        var slot = requireBookable(s, at.zone(), b.start());
        Customer customer = b.customerId() != null
                ? customers.byId(b.customerId()).orElseThrow(() -> Rejected.unusable("customer.customerId", "unknown customer '" + b.customerId() + "'"))
                : customers.identify(b.contact());
        Map<String, Integer> merged = new LinkedHashMap<>();
        b.items().forEach(i -> merged.merge(i.sku(), i.quantity(), Integer::sum));
        if (merged.size() > MAX_ITEMS) throw Rejected.invalid("items", "at most " + MAX_ITEMS + " SKUs per visit");
        List<Visit.Item> items = merged.entrySet().stream().map(e -> new Visit.Item(e.getKey(), e.getValue())).toList();
        String visitId = Ids.newId("vis");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant end = slot.end().toInstant(), holdUntil = end.plus(Duration.ofMinutes(s.holdGraceMinutes()));
        String name = b.contact() != null && b.contact().name() != null ? b.contact().name() : customer.name();
        String phone = customer.phone() != null ? customer.phone() : b.contact() == null ? null : b.contact().phone();
        Function<String, Visit> visit = reservationId -> new Visit(visitId, b.locationId(), b.start(), end, customer.id(), name, phone, items,
                Visit.Status.BOOKED, reservationId, holdUntil, b.remindTo(), caller, now, null, null, b.shopperRef());
        Reservation hold = inventory.holdForVisit(caller, visitId, items.stream().map(i -> new ReservationLine(i.sku(), b.locationId(), i.quantity())).toList(),
                holdUntil, r -> store.bookWrites(visit.apply(r.id()), s.capacity()).and(reminderWrites(visitId, b.start(), s, b.remindTo()))
                        .and(withCaller.apply(visitId)));
        return visit.apply(hold.id());
    }

    /**
     * The visit's one reminder, owed in the transaction that books (or moves) it: due {@code reminderHoursBefore} the
     * start (at once when that is past already); the FollowUps function sends it, once, however many drivers run.
     */
    private Writes reminderWrites(String visitId, Instant start, VisitSchedule s, Visit.Reminder to) {
        return reminderWrites(visitId, start, s, to, Instant.EPOCH);
    }

    /** As above, not due before {@code notBefore} (a reminder sent lately). */
    private Writes reminderWrites(String visitId, Instant start, VisitSchedule s, Visit.Reminder to, Instant notBefore) {
        if (to == null) return Writes.none();
        Instant normal = start.minus(Duration.ofHours(s.reminderHoursBefore()));
        Instant due = normal.isBefore(notBefore) ? notBefore : normal;
        if (!due.isBefore(start)) return followUps.doneWrites(reminderId(visitId)); // it could only arrive after the visit began
        Instant first = outbox.firstDue();
        return followUps.owedWrites(FollowUp.owed(FollowUp.Kind.VISIT_REMINDER, visitId, Map.of("visitId", visitId), clock.instant(),
                due.isBefore(first) ? first : due));
    }

    public static String reminderId(String visitId) {
        return FollowUp.owed(FollowUp.Kind.VISIT_REMINDER, visitId, Map.of(), Instant.EPOCH, Instant.EPOCH).id();
    }

    /** The slot at {@code start}, if it can be booked now (422 naming {@code start} with the reason otherwise). */
    private VisitSlots.Slot requireBookable(VisitSchedule s, ZoneId zone, Instant start) {
        var slot = VisitSlots.at(s, zone, start).orElseThrow(() -> Rejected.unusable("start",
                start + " is not the start of a slot (opening hours, " + s.slotMinutes() + "-minute slots, closed days) in " + zone));
        Instant now = clock.instant();
        if (!start.isAfter(now)) throw Rejected.unusable("start", "the slot at " + start + " is in the past");
        if (start.isBefore(now.plus(Duration.ofMinutes(s.leadMinutes())))) {
            throw Rejected.unusable("start", "visits are booked at least " + s.leadMinutes() + " minutes ahead");
        }
        if (!start.isBefore(now.plus(Duration.ofDays(s.bookingHorizonDays())))) {
            throw Rejected.unusable("start", "visits are booked at most " + s.bookingHorizonDays() + " days ahead");
        }
        return slot;
    }

    public Visit get(String id) {
        return store.visit(id).orElseThrow(() -> Rejected.notFound("visit", "visitId", id));
    }

    /** Cancelled: the slot's place and the held items go back with it, in one transaction. Cancelling again is a no-op. */
    public Visit cancel(String id) { return end(id, Visit.Status.CANCELLED, true); }

    /** The shopper did not come: the items are for sale again at once. */
    public Visit noShow(String id) { return end(id, Visit.Status.NO_SHOW, true, EnumSet.of(Visit.Status.BOOKED)); }

    private Visit end(String id, Visit.Status to, boolean freeSlot) { return end(id, to, freeSlot, OPEN); }

    private Visit end(String id, Visit.Status to, boolean freeSlot, Set<Visit.Status> from) {
        return Contention.retry("visit '" + id + "'", () -> {
            Visit v = get(id);
            if (v.status() == to) return Optional.of(v);
            if (!from.contains(v.status())) {
                throw Rejected.conflict("visit-not-open", "Visit not open", "visit '" + id + "' is " + v.status());
            }
            Writes end = store.endWrites(v, from, to, freeSlot).and(followUps.doneWrites(reminderId(v.id())));
            try {
                if (inventory.finishHeld(v.reservationId(), Reservation.Status.RELEASED, end) instanceof Inventory.Finish.NotHeld) {
                    transactions.commitExplained(end); // its hold ended already (it ran out)
                }
                return Optional.of(v.withStatus(to));
            } catch (VisitStore.VisitChanged changed) {
                // moved meanwhile (arrived, rescheduled, expired): decide again
            }
            return Optional.empty();
        });
    }

    /**
     * The till sale of the visit was paid: the items it did not buy are released and the visit is COMPLETED (the units
     * bought left the visit's hold when the sale started). Again, or for another order: nothing.
     */
    public void completeSale(String visitId, String orderId) {
        Visit v = store.visit(visitId).orElse(null);
        if (v == null || !orderId.equals(v.orderId()) || v.status() != Visit.Status.ARRIVED) return;
        end(visitId, Visit.Status.COMPLETED, false, EnumSet.of(Visit.Status.ARRIVED));
    }

    /** The shopper is in the store. */
    public Visit arrived(String id) {
        Visit v = get(id);
        if (v.status() == Visit.Status.ARRIVED) return v;
        if (v.status() != Visit.Status.BOOKED) throw Rejected.conflict("visit-not-booked", "Visit not booked", "visit '" + id + "' is " + v.status());
        try {
            transactions.commitExplained(store.moveWrites(v, EnumSet.of(Visit.Status.BOOKED), Visit.Status.ARRIVED));
        } catch (VisitStore.VisitChanged changed) {
            return arrived(id);
        }
        return v.withStatus(Visit.Status.ARRIVED);
    }

    /** Moves a booked visit to another slot: the new slot's place taken, the old one's given back, the hold moved, together. */
    /** The window of the SMS limits: one reminder a visit in it, however often it is moved. */
    static final Duration REMINDER_WINDOW = Duration.ofHours(1);

    public Visit reschedule(String id, Instant start) {
        Visit v = get(id);
        if (v.status() != Visit.Status.BOOKED) throw Rejected.conflict("visit-not-booked", "Visit not booked", "visit '" + id + "' is " + v.status());
        if (v.start().equals(start)) return v;
        Location at = location(v.locationId(), false);
        VisitSchedule s = store.schedule(v.locationId()).orElseThrow(() -> Rejected.unusable("start", "the store takes no visits any more"));
        var slot = requireBookable(s, at.zone(), start);
        Reservation hold = inventory.reservation(v.reservationId());
        if (hold.status() != Reservation.Status.HELD) {
            throw Rejected.conflict("reservation-not-held", "Hold ended", "the items of visit '" + id + "' are no longer held");
        }
        Instant end = slot.end().toInstant();
        Visit moved = v.movedTo(start, end, end.plus(Duration.ofMinutes(s.holdGraceMinutes())));
        // a reminder goes out at most once per SMS limits' window, however often the visit moves: one sent lately delays
        // the next to the window's end (never drops it: the new time is still reminded)
        Instant notBefore = v.reminderSentAt().map(sent -> sent.plus(REMINDER_WINDOW)).orElse(Instant.EPOCH);
        try {
            transactions.commitExplained(store.rescheduleWrites(v, moved, s.capacity()).and(inventory.moveExpiryWrites(hold, moved.holdUntil()))
                    .and(reminderWrites(v.id(), start, s, v.remindTo(), notBefore)));
        } catch (VisitStore.VisitChanged changed) {
            throw Rejected.conflict("concurrent-change", "Concurrent change", "visit '" + id + "' changed; read it again");
        }
        return moved;
    }

    /** A store's visits on {@code date} (its local date), in start order. */
    public VisitStore.Page day(String locationId, LocalDate date, int limit, String next) {
        ZoneId zone = location(locationId, true).zone();
        return store.day(locationId, date.atStartOfDay(zone).toInstant(), date.plusDays(1).atStartOfDay(zone).toInstant(), limit, next);
    }

    private Location location(String id, boolean inPath) {
        return catalog.location(id).orElseThrow(() -> inPath ? Rejected.notFound("location", "locationId", id)
                : Rejected.unusable("locationId", "unknown location '" + id + "'"));
    }
}
