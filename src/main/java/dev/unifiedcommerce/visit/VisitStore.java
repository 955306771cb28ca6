package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where schedules, slot counters and visits are kept. */
public interface VisitStore {
    void saveSchedule(VisitSchedule schedule);

    Optional<VisitSchedule> schedule(String locationId);

    /** How many visits each slot starting in [from, to) of the store holds (slots with none are absent). */
    Map<Instant, Long> booked(String locationId, Instant from, Instant to);

    /** At most this many open (BOOKED or ARRIVED) visits per customer. */
    int OPEN_VISITS_PER_CUSTOMER = 2;

    /**
     * A booking, for its transaction: the slot's counter goes up only while under {@code capacity} (409 naming
     * {@code start} when full), the customer's open visits only while under {@link #OPEN_VISITS_PER_CUSTOMER} (422), and
     * the visit is written.
     */
    Writes bookWrites(Visit visit, int capacity);

    Optional<Visit> visit(String id);

    /**
     * {@code visit} moves to {@code to} if it is still in one of {@code from} (else {@link VisitChanged}); an ended visit
     * gives its slot place back ({@code freeSlot}) and the customer's open count.
     */
    Writes endWrites(Visit visit, Set<Visit.Status> from, Visit.Status to, boolean freeSlot);

    /** BOOKED/ARRIVED -> ARRIVED etc. without ending: only the status moves (conditional as above). */
    Writes moveWrites(Visit visit, Set<Visit.Status> from, Visit.Status to);

    /** The visit moved to another slot: the old slot's place given back, the new one's taken under {@code capacity}. */
    Writes rescheduleWrites(Visit visit, Visit moved, int capacity);

    /**
     * The visit is at the till with {@code orderId}: ARRIVED, conditional on it being open and on no other sale having
     * started since {@code previousOrderId} (null: none).
     */
    Writes saleWrites(Visit visit, String orderId, String previousOrderId);

    /** How the visit's reminder went, on the visit (for the store and the channel to see). */
    void noteReminder(String visitId, String how);

    record Page(List<Visit> visits, String next) {}

    /** The customer's visits, latest start first, at most {@code limit} (their history at the till). */
    List<Visit> ofCustomer(String customerId, int limit);

    /** A store's visits starting in [from, to), in start order. */
    Page day(String locationId, Instant from, Instant to, int limit, String next);

    /** A visit was not as the writer read it (it moved meanwhile). */
    final class VisitChanged extends RuntimeException {
        public VisitChanged(String id) { super("visit " + id + " changed", null, false, false); }
    }
}
