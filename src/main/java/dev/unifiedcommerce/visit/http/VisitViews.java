package dev.unifiedcommerce.visit.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.unifiedcommerce.order.http.CheckoutViews;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.visit.Visit;
import dev.unifiedcommerce.visit.VisitSchedule;
import dev.unifiedcommerce.visit.VisitSlots;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.ZoneId;
import java.util.List;

/** Request and answer bodies of the visit routes; times are ISO-8601 with the store's offset. */
public final class VisitViews {
    private VisitViews() {}

    public record HoursBody(@NotNull @Pattern(regexp = "MON|TUE|WED|THU|FRI|SAT|SUN", message = "must be MON, TUE, WED, THU, FRI, SAT or SUN") String day,
                            @NotNull @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]", message = "must be a local time HH:mm") String open,
                            @NotNull @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]", message = "must be a local time HH:mm") String close) {}

    public record ScheduleBody(@NotNull @Min(5) @Max(240) Integer slotMinutes, @NotNull @Min(1) @Max(100) Integer capacity,
                               @NotNull @Size(max = 50) List<@NotNull @Valid HoursBody> openingHours,
                               @Size(max = 366) List<@NotNull @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date YYYY-MM-DD") String> closed,
                               @Min(0) @Max(1440) Integer holdGraceMinutes, @Min(0) @Max(168) Integer reminderHoursBefore,
                               @Min(0) @Max(10080) Integer leadMinutes, @Min(1) @Max(90) Integer bookingHorizonDays) {}

    public record ScheduleView(String locationId, int slotMinutes, int capacity, List<HoursBody> openingHours, List<String> closed, int holdGraceMinutes,
                               int reminderHoursBefore, int leadMinutes, int bookingHorizonDays, String timeZone) {
        static ScheduleView of(VisitSchedule s, ZoneId zone) {
            return new ScheduleView(s.locationId(), s.slotMinutes(), s.capacity(), s.openingHours().stream().map(h -> new HoursBody(
                    h.day().name().substring(0, 3), h.open().toString(), h.close().toString())).toList(),
                    s.closed().stream().sorted().map(Object::toString).toList(), s.holdGraceMinutes(), s.reminderHoursBefore(), s.leadMinutes(),
                    s.bookingHorizonDays(), zone.getId());
        }
    }

    public record SlotView(String start, String end, long remaining) {
        static SlotView of(VisitSlots.Slot s) { return new SlotView(s.start().toOffsetDateTime().toString(), s.end().toOffsetDateTime().toString(), s.remaining()); }
    }

    public record StockView(String sku, long available) {}

    public record SlotsView(String locationId, String timeZone, List<SlotView> slots, List<StockView> stock) {}

    public record ItemBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku, @NotNull @Min(1) @Max(100) Integer quantity) {}

    public record ReminderBody(@Size(max = 40) String sms, @Size(max = 2048) String chatWebhookUrl) {}

    public record BookBody(@NotNull @Pattern(regexp = Ids.PATTERN) String locationId, @NotNull @Size(max = 40) String start,
                           @NotNull @Valid CheckoutViews.CustomerBody customer,
                           @NotNull @Size(min = 1, max = 10) List<@NotNull @Valid ItemBody> items,
                           @JsonProperty("notify") @Valid ReminderBody reminder) {}

    public record StartBody(@NotNull @Size(max = 40) String start) {}

    public record ReservationRef(String reservationId, String expiresAt) {}

    public record CustomerRef(String name, String phone) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VisitView(String visitId, Visit.Status status, String start, String end, String locationId, List<Visit.Item> items,
                            String customerId, CustomerRef customer, ReservationRef reservation, String reminder) {
        /** {@code staff}: the store sees who is coming (name, phone); a channel sees its own booking without them. */
        static VisitView of(Visit v, ZoneId zone, boolean staff) {
            return new VisitView(v.id(), v.status(), v.start().atZone(zone).toOffsetDateTime().toString(), v.end().atZone(zone).toOffsetDateTime().toString(),
                    v.locationId(), v.items(), v.customerId(), staff ? new CustomerRef(v.customerName(), v.customerPhone()) : null,
                    new ReservationRef(v.reservationId(), v.holdUntil().atZone(zone).toOffsetDateTime().toString()), v.reminded());
        }

        /** The same view with the customer's id as the caller may see it (a channel: only a customer it bound). */
        public VisitView withCustomerId(String shown) {
            return new VisitView(visitId, status, start, end, locationId, items, shown, customer, reservation, reminder);
        }
    }

    public record DayView(String locationId, String date, String timeZone, List<VisitView> items, String next) {}

    public record StoredVisit(String visitId) {}
}
