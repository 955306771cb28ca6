package dev.unifiedcommerce.visit;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * When a store takes visits: slots of {@code slotMinutes} within its opening hours (local times in the store's time
 * zone), {@code capacity} visits per slot, except on {@code closed} dates. A visit's items are held until its slot ends
 * plus {@code holdGraceMinutes}; it is booked at least {@code leadMinutes} ahead and at most {@code bookingHorizonDays}
 * ahead; its reminder goes out {@code reminderHoursBefore} the start.
 */
public record VisitSchedule(String locationId, int slotMinutes, int capacity, List<OpeningHours> openingHours, Set<LocalDate> closed,
                            int holdGraceMinutes, int reminderHoursBefore, int leadMinutes, int bookingHorizonDays) {
    public record OpeningHours(DayOfWeek day, LocalTime open, LocalTime close) {}

    public static final int DEFAULT_LEAD_MINUTES = 60, DEFAULT_HORIZON_DAYS = 14;
}
