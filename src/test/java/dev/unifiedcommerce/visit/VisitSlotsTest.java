package dev.unifiedcommerce.visit;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Slots are local times in the store's zone, right across daylight-saving changes. */
class VisitSlotsTest {
    static VisitSchedule openEveryDay(String open, String close) {
        return new VisitSchedule("store", 60, 2, Arrays.stream(DayOfWeek.values())
                .map(d -> new VisitSchedule.OpeningHours(d, LocalTime.parse(open), LocalTime.parse(close))).toList(),
                Set.of(LocalDate.parse("2027-03-30")), 30, 3, 60, 14);
    }

    static List<String> starts(VisitSchedule s, String zone, String date) {
        return VisitSlots.of(s, ZoneId.of(zone), LocalDate.parse(date), Map.of()).stream().map(x -> x.start().toOffsetDateTime().toString()).toList();
    }

    @Test
    void inStockholmTheHourTheClocksSkipHasNoSlotAndTheOffsetChangesAfterIt() {
        // 2027-03-28: at 02:00 CET the clocks go to 03:00 CEST
        assertThat(starts(openEveryDay("00:00", "05:00"), "Europe/Stockholm", "2027-03-28"))
                .containsExactly("2027-03-28T00:00+01:00", "2027-03-28T01:00+01:00", "2027-03-28T03:00+02:00", "2027-03-28T04:00+02:00");
        assertThat(starts(openEveryDay("10:00", "12:00"), "Europe/Stockholm", "2027-03-27")).containsExactly("2027-03-27T10:00+01:00", "2027-03-27T11:00+01:00");
        assertThat(starts(openEveryDay("10:00", "12:00"), "Europe/Stockholm", "2027-03-29")).containsExactly("2027-03-29T10:00+02:00", "2027-03-29T11:00+02:00");
    }

    @Test
    void inStockholmTheHourTheClocksRepeatHasOneSlotAtItsFirstOccurrence() {
        // 2027-10-31: at 03:00 CEST the clocks go back to 02:00 CET
        var slots = VisitSlots.of(openEveryDay("01:00", "04:00"), ZoneId.of("Europe/Stockholm"), LocalDate.parse("2027-10-31"), Map.of());
        assertThat(slots).extracting(x -> x.start().toOffsetDateTime().toString())
                .containsExactly("2027-10-31T01:00+02:00", "2027-10-31T02:00+02:00", "2027-10-31T03:00+01:00");
        assertThat(java.time.Duration.between(slots.get(1).start(), slots.get(1).end()).toMinutes()).isEqualTo(60);
    }

    @Test
    void inTokyoTheSameDatesKeepTheirOffsetAndAClosedDayHasNoSlots() {
        assertThat(starts(openEveryDay("10:00", "12:00"), "Asia/Tokyo", "2027-03-28")).containsExactly("2027-03-28T10:00+09:00", "2027-03-28T11:00+09:00");
        assertThat(starts(openEveryDay("10:00", "12:00"), "Asia/Tokyo", "2027-03-30")).isEmpty();
    }

    @Test
    void bookableSlotsStartAfterTheLeadTimeWithinTheHorizonAndHaveRoom() {
        var s = openEveryDay("10:00", "13:00");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        var now = LocalDate.parse("2027-03-01").atTime(10, 30).atZone(tokyo).toInstant();
        var full = LocalDate.parse("2027-03-01").atTime(12, 0).atZone(tokyo).toInstant();
        var slots = VisitSlots.bookable(s, tokyo, LocalDate.parse("2027-03-01"), 1, now, Map.of(full, 2L));
        assertThat(slots).isEmpty(); // 11:00 is inside the hour's lead, 12:00 is full
        assertThat(VisitSlots.bookable(s, tokyo, LocalDate.parse("2027-03-16"), 1, now, Map.of())).isEmpty(); // past 14 days
        assertThat(VisitSlots.bookable(s, tokyo, LocalDate.parse("2027-03-02"), 1, now, Map.of())).hasSize(3);
    }
}
