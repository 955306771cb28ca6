package dev.unifiedcommerce.visit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store's slots, from its schedule and time zone: local times each day, right across daylight-saving changes (a
 * local time the clocks skip has no slot; one they repeat has its first). Pure: no table, no clock of its own.
 */
public final class VisitSlots {
    /** One slot: its start and end with the store's offset, and how many more visits it takes. */
    public record Slot(ZonedDateTime start, ZonedDateTime end, long remaining) {}

    private VisitSlots() {}

    /** Every slot of {@code date} (the store's local date), booked or not. */
    public static List<Slot> of(VisitSchedule s, ZoneId zone, LocalDate date, Map<Instant, Long> booked) {
        List<Slot> out = new ArrayList<>();
        if (s.closed().contains(date)) return out;
        for (VisitSchedule.OpeningHours h : s.openingHours()) {
            if (h.day() != date.getDayOfWeek()) continue;
            for (LocalTime t = h.open(); !t.plusMinutes(s.slotMinutes()).isAfter(h.close()) && !t.plusMinutes(s.slotMinutes()).isBefore(t);
                 t = t.plusMinutes(s.slotMinutes())) {
                LocalDateTime local = date.atTime(t);
                var offsets = zone.getRules().getValidOffsets(local);
                if (offsets.isEmpty()) continue; // the clocks skip this time today
                ZonedDateTime start = ZonedDateTime.ofLocal(local, zone, offsets.getFirst());
                ZonedDateTime end = start.plusMinutes(s.slotMinutes());
                out.add(new Slot(start, end, Math.max(0, s.capacity() - booked.getOrDefault(start.toInstant(), 0L))));
                if (t.plusMinutes(s.slotMinutes()).equals(LocalTime.MIDNIGHT)) break;
            }
        }
        out.sort(Comparator.comparing(Slot::start));
        return out;
    }

    /** The bookable ones: starting after the lead time, within the horizon, with room. */
    public static List<Slot> bookable(VisitSchedule s, ZoneId zone, LocalDate from, int days, Instant now, Map<Instant, Long> booked) {
        List<Slot> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (Slot slot : of(s, zone, from.plusDays(d), booked)) {
                if (slot.remaining() > 0 && bookableAt(s, slot.start().toInstant(), now)) out.add(slot);
            }
        }
        return out;
    }

    static boolean bookableAt(VisitSchedule s, Instant start, Instant now) {
        return !start.isBefore(now.plus(Duration.ofMinutes(s.leadMinutes())))
                && start.isBefore(now.plus(Duration.ofDays(s.bookingHorizonDays())));
    }

    /** The slot that starts at {@code start}, if the schedule has one. */
    public static Optional<Slot> at(VisitSchedule s, ZoneId zone, Instant start) {
        LocalDate date = start.atZone(zone).toLocalDate();
        return of(s, zone, date, Map.of()).stream().filter(x -> x.start().toInstant().equals(start)).findFirst();
    }
}
