package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.support.Outbox;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** One reminder per visit, some hours before it, sent once by the FollowUps function however many drivers run. */
@QuarkusTest
class VisitRemindersTest {
    @Inject FollowUps outbox;

    @AfterEach
    void resetClock() { TestClock.reset(); }

    static String[] storeWithPhone() {
        String[] s = VisitsHttpTest.tokyoStore(2, 5);
        as(Tokens.admin()).body(Map.of("name", "Ginza " + s[1], "type", "STORE", "pickup", true, "timeZone", "Asia/Tokyo", "phone", "03-1234-5678",
                        "address", Map.of("line1", "1-1 Ginza", "city", "Tokyo", "postalCode", "104-0061", "country", "JP")))
                .put("/locations/{id}", s[1]).then().statusCode(200).body("phone", is("+81312345678"));
        return s;
    }

    static String book(String[] s, String start) {
        var body = VisitsHttpTest.booking(s[1], start, s[0], 1, VisitsHttpTest.phone());
        body.put("notify", Map.of("sms", "+81 90-5555-0101"));
        return as(Tokens.channel()).body(body).post("/visits").then().statusCode(201).extract().path("visitId");
    }

    static List<String> smsAbout(String visitId) throws IOException {
        Path dir = Outbox.sms();
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(visitId + "-")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    void moveClockTo(Instant at) { TestClock.advance(Duration.between(Instant.now().plus(Duration.ofMillis(0)), at).minus(currentOffset())); }

    static Duration currentOffset() { return Duration.between(Instant.now(), new TestClock().instant()); }

    /**
     * Two FollowUps drivers at once, as two overlapping scheduled invocations. Threads of the test's own (not the common
     * pool's, whose context class loader is not the application's: a bean first created there fails to find its config).
     */
    void twoDrivers() throws Exception {
        try (ExecutorService drivers = Executors.newFixedThreadPool(2)) {
            Future<?> a = drivers.submit(outbox::run), b = drivers.submit(outbox::run);
            a.get();
            b.get();
        }
    }

    @Test
    void theReminderGoesOutOnceThreeHoursBeforeWithTheStoreTheTimeAndItsPhone() throws Exception {
        String[] s = storeWithPhone();
        String start = (String) VisitsHttpTest.slots(s[1], s[0]).getFirst().get("start");
        String id = book(s, start);
        Instant due = OffsetDateTime.parse(start).toInstant().minus(Duration.ofHours(3));
        moveClockTo(due.minus(Duration.ofMinutes(5)));
        twoDrivers();
        assertThat(smsAbout(id)).isEmpty();

        moveClockTo(due.plus(Duration.ofMinutes(1)));
        twoDrivers();
        twoDrivers();
        List<String> sent = smsAbout(id);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst()).contains("+819055550101", "Ginza " + s[1], "10:00", "+81312345678", "https://shop.example.com/visits/" + id);
        as(Tokens.channel()).get("/visits/{id}", id).then().body("reminder", startsWith("SENT"));
    }

    @Test
    void aCancelledVisitIsNotRemindedAndAMovedOneIsRemindedForItsNewTime() throws Exception {
        String[] s = storeWithPhone();
        var open = VisitsHttpTest.slots(s[1], s[0]);
        String first = (String) open.get(0).get("start"), later = (String) open.get(10).get("start");
        String cancelled = book(s, first);
        as(Tokens.channel()).post("/visits/{id}/cancel", cancelled).then().statusCode(200);
        String moved = book(s, first);
        as(Tokens.channel()).body(Map.of("start", later)).post("/visits/{id}/reschedule", moved).then().statusCode(200);

        moveClockTo(OffsetDateTime.parse(first).toInstant().minus(Duration.ofHours(3)).plus(Duration.ofMinutes(1)));
        twoDrivers();
        assertThat(smsAbout(cancelled)).isEmpty();
        assertThat(smsAbout(moved)).isEmpty();

        moveClockTo(OffsetDateTime.parse(later).toInstant().minus(Duration.ofHours(3)).plus(Duration.ofMinutes(1)));
        twoDrivers();
        assertThat(smsAbout(moved)).hasSize(1).allMatch(t -> t.contains("15:00"));
        assertThat(smsAbout(cancelled)).isEmpty();
    }

    @Test
    void aVisitMovedAgainAndAgainIsRemindedOnceAnHourAtMostAndItsMovesCountAsMessages() throws Exception {
        String[] s = storeWithPhone();
        var open = VisitsHttpTest.slots(s[1], s[0]);
        String first = (String) open.get(0).get("start");
        String sms = Shoppers.newMobile();
        var body = VisitsHttpTest.booking(s[1], first, s[0], 1, VisitsHttpTest.phone());
        body.put("notify", Map.of("sms", sms));
        String id = as(Tokens.channel()).body(body).post("/visits").then().statusCode(201).extract().path("visitId");
        moveClockTo(OffsetDateTime.parse(first).toInstant().minus(Duration.ofHours(3)).plus(Duration.ofMinutes(1)));
        twoDrivers();
        assertThat(smsAbout(id)).hasSize(1);

        // moved to slots starting within the reminder's lead time: each move would owe a reminder at once
        for (int i = 1; i <= 5; i++) {
            as(Tokens.channel()).body(Map.of("start", open.get(i).get("start"))).post("/visits/{id}/reschedule", id).then().statusCode(200);
            twoDrivers();
        }
        assertThat(smsAbout(id)).hasSize(1); // reminded a moment ago: the moves owe none within the hour
        // five moves used the number's hourly allowance (the clock is hours past the booking's): a sixth is refused, the visit unchanged
        as(Tokens.channel()).body(Map.of("start", open.get(6).get("start"))).post("/visits/{id}/reschedule", id).then().statusCode(429)
                .header("Retry-After", notNullValue()).body("field", is("start"));
        as(Tokens.channel()).get("/visits/{id}", id).then().body("start", is(open.get(5).get("start")));
    }
}
