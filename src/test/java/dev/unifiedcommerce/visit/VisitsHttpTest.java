package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** A shopper books a time at a store to try items on; the items are held for it; the store sees who is coming. */
@QuarkusTest
class VisitsHttpTest {
    static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    @AfterEach
    void resetClock() { TestClock.reset(); }

    /** A Tokyo store open 10:00-20:00 every day, 30-minute slots for {@code capacity}, with {@code units} of a SKU. */
    static String[] tokyoStore(int capacity, int units) {
        String sku = uid("SHOE"), loc = uid("store");
        product(sku, 12000, "jpy");
        as(Tokens.admin()).body(Map.of("name", "Store " + loc, "type", "STORE", "pickup", true, "timeZone", "Asia/Tokyo",
                        "address", Map.of("line1", "1-1 Ginza", "city", "Tokyo", "postalCode", "104-0061", "country", "JP")))
                .put("/locations/{id}", loc).then().statusCode(200);
        stock(sku, loc, units);
        as(Tokens.staff(loc)).body(Map.of("slotMinutes", 30, "capacity", capacity,
                        "openingHours", DAYS.stream().map(d -> Map.of("day", d, "open", "10:00", "close", "20:00")).toList(),
                        "closed", List.of(), "holdGraceMinutes", 30, "reminderHoursBefore", 3, "leadMinutes", 60, "bookingHorizonDays", 14))
                .put("/locations/{id}/visit-schedule", loc).then().statusCode(200).body("timeZone", is("Asia/Tokyo"));
        return new String[]{sku, loc};
    }

    static LocalDate tomorrowInTokyo() { return LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1); }

    static List<Map<String, Object>> slots(String loc, String sku) {
        return as(Tokens.channel()).queryParam("from", tomorrowInTokyo().toString()).queryParam("days", 1).queryParam("skus", sku)
                .get("/locations/{id}/visit-slots", loc).then().statusCode(200).extract().jsonPath().getList("slots");
    }

    static Map<String, Object> booking(String loc, String start, String sku, int quantity, String phone) {
        return new HashMap<>(Map.of("locationId", loc, "start", start, "customer", Map.of("phone", phone, "name", "Aiko"),
                "items", List.of(Map.of("sku", sku, "quantity", quantity))));
    }

    static String phone() { return Phones.unique("+8170"); }

    static Map<String, Object> level(String sku, String loc) {
        return as(Tokens.admin()).get("/inventory/{sku}", sku).then().extract().jsonPath().getMap("locations.find { it.locationId == '" + loc + "' }");
    }

    @Test
    void theStoresSlotsAreInItsTimeZoneWithTheStockOfWhatTheShopperWantsToTry() {
        String[] s = tokyoStore(2, 3);
        JsonPath a = as(Tokens.channel()).queryParam("from", tomorrowInTokyo().toString()).queryParam("days", 1).queryParam("skus", s[0])
                .get("/locations/{id}/visit-slots", s[1]).then().statusCode(200).extract().jsonPath();
        assertThat(a.getList("slots")).hasSize(20); // 10:00 to 20:00 in 30 minutes
        assertThat(a.getString("slots[0].start")).isEqualTo(tomorrowInTokyo() + "T10:00+09:00");
        assertThat(a.getString("slots[19].end")).isEqualTo(tomorrowInTokyo() + "T20:00+09:00");
        assertThat(a.getInt("slots[0].remaining")).isEqualTo(2);
        assertThat(a.getList("stock")).hasSize(1);
        assertThat(a.getInt("stock[0].available")).isEqualTo(3);
    }

    @Test
    void aBookingTakesAPlaceAndHoldsTheItemsUntilTheSlotEndsPlusTheGrace() {
        String[] s = tokyoStore(2, 3);
        String start = (String) slots(s[1], s[0]).getFirst().get("start");
        JsonPath v = as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(booking(s[1], start, s[0], 2, phone())).post("/visits")
                .then().statusCode(201).body("visitId", startsWith("vis_")).body("status", is("BOOKED")).body("start", is(start))
                .body("end", is(tomorrowInTokyo() + "T10:30+09:00")).body("customerId", nullValue()) // a typed phone: the channel bound nobody
                .body("reservation.reservationId", startsWith("res_")).extract().jsonPath();
        assertThat(OffsetDateTime.parse(v.getString("reservation.expiresAt")).toInstant())
                .isEqualTo(OffsetDateTime.parse(start).plusMinutes(60).toInstant());
        assertThat(level(s[0], s[1])).containsEntry("reserved", 2).containsEntry("available", 1);
        assertThat(slots(s[1], s[0]).getFirst()).containsEntry("remaining", 1);
        as(Tokens.channel()).get("/visits/{id}", v.getString("visitId")).then().statusCode(200).body("status", is("BOOKED"));
        as(Tokens.channel("another-shop")).get("/visits/{id}", v.getString("visitId")).then().statusCode(404);
    }

    @Test
    void theLastPlaceOfASlotIsBookedOnceAndAShortItemBooksNothing() {
        String[] s = tokyoStore(1, 3);
        String start = (String) slots(s[1], s[0]).getFirst().get("start");
        as(Tokens.channel()).body(booking(s[1], start, s[0], 1, phone())).post("/visits").then().statusCode(201);
        as(Tokens.channel()).body(booking(s[1], start, s[0], 1, phone())).post("/visits").then().statusCode(409)
                .contentType("application/problem+json").body("field", is("start"));
        String next = (String) slots(s[1], s[0]).getFirst().get("start"); // the full slot is no longer offered
        assertThat(next).isNotEqualTo(start);
        // (staff: a channel's booking by a typed phone holds at most 2 units)
        as(Tokens.staff(s[1])).body(booking(s[1], next, s[0], 3, phone())).post("/visits").then().statusCode(409)
                .body("shortages[0].sku", is(s[0])).body("shortages[0].available", is(2));
        assertThat(slots(s[1], s[0]).getFirst()).containsEntry("start", next).containsEntry("remaining", 1);
        assertThat(level(s[0], s[1])).containsEntry("reserved", 1);
    }

    @Test
    void aTimeThatIsNoSlotOrTooSoonOrTooFarIsRefusedNamingStart() {
        String[] s = tokyoStore(2, 3);
        String day = tomorrowInTokyo().toString();
        for (String start : List.of(day + "T09:30:00+09:00", day + "T10:15:00+09:00", day + "T20:00:00+09:00",
                LocalDate.now(ZoneId.of("Asia/Tokyo")).minusDays(1) + "T10:00:00+09:00",
                LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(20) + "T10:00:00+09:00")) {
            as(Tokens.channel()).body(booking(s[1], start, s[0], 1, phone())).post("/visits").then().statusCode(422).body("field", is("start"));
        }
        as(Tokens.channel()).body(booking(s[1], "tomorrow at ten", s[0], 1, phone())).post("/visits").then().statusCode(400).body("field", is("start"));
        assertThat(level(s[0], s[1])).containsEntry("reserved", 0);
    }

    @Test
    void aCustomerHasAtMostTwoOpenVisits() {
        String[] s = tokyoStore(5, 10);
        var open = slots(s[1], s[0]);
        String who = phone();
        as(Tokens.channel()).body(booking(s[1], (String) open.get(0).get("start"), s[0], 1, who)).post("/visits").then().statusCode(201);
        String second = as(Tokens.channel()).body(booking(s[1], (String) open.get(1).get("start"), s[0], 1, who)).post("/visits").then().statusCode(201)
                .extract().path("visitId");
        as(Tokens.channel()).body(booking(s[1], (String) open.get(2).get("start"), s[0], 1, who)).post("/visits").then().statusCode(422)
                .body("field", is("customer"));
        as(Tokens.channel()).post("/visits/{id}/cancel", second).then().statusCode(200).body("status", is("CANCELLED"));
        as(Tokens.channel()).body(booking(s[1], (String) open.get(2).get("start"), s[0], 1, who)).post("/visits").then().statusCode(201);
    }

    @Test
    void reschedulingIntoAFullSlotIsRefusedAndLeavesTheVisitAsItWas() {
        String[] s = tokyoStore(1, 5);
        var open = slots(s[1], s[0]);
        String first = (String) open.get(0).get("start"), second = (String) open.get(1).get("start"), third = (String) open.get(2).get("start");
        String mine = as(Tokens.channel()).body(booking(s[1], first, s[0], 1, phone())).post("/visits").then().statusCode(201).extract().path("visitId");
        as(Tokens.channel()).body(booking(s[1], second, s[0], 1, phone())).post("/visits").then().statusCode(201);

        as(Tokens.channel()).body(Map.of("start", second)).post("/visits/{id}/reschedule", mine).then().statusCode(409).body("field", is("start"));
        as(Tokens.channel()).get("/visits/{id}", mine).then().body("start", is(first));

        String expires = as(Tokens.channel()).body(Map.of("start", third)).post("/visits/{id}/reschedule", mine).then().statusCode(200)
                .body("start", is(third)).extract().path("reservation.expiresAt");
        assertThat(OffsetDateTime.parse(expires).toInstant()).isEqualTo(OffsetDateTime.parse(third).plusMinutes(60).toInstant());
        var after = slots(s[1], s[0]);
        assertThat(after.getFirst()).containsEntry("start", first).containsEntry("remaining", 1); // its old place is free again
        assertThat(after).noneMatch(x -> third.equals(x.get("start")));
        assertThat(level(s[0], s[1])).containsEntry("reserved", 2);
    }

    @Test
    void cancellingGivesThePlaceAndTheItemsBackOnce() {
        String[] s = tokyoStore(1, 2);
        String start = (String) slots(s[1], s[0]).getFirst().get("start");
        String id = as(Tokens.channel()).body(booking(s[1], start, s[0], 2, phone())).post("/visits").then().statusCode(201).extract().path("visitId");
        as(Tokens.channel()).post("/visits/{id}/cancel", id).then().statusCode(200).body("status", is("CANCELLED"));
        as(Tokens.channel()).post("/visits/{id}/cancel", id).then().statusCode(200).body("status", is("CANCELLED"));
        assertThat(level(s[0], s[1])).containsEntry("reserved", 0).containsEntry("available", 2);
        assertThat(slots(s[1], s[0]).getFirst()).containsEntry("start", start).containsEntry("remaining", 1);
        as(Tokens.staff(s[1])).post("/visits/{id}/arrived", id).then().statusCode(409);
    }

    @Test
    void aNoShowReleasesTheItemsAtOnceAndAVisitNobodyCameToBecomesOneWhenItsHoldRunsOut() throws Exception {
        String[] s = tokyoStore(2, 2);
        var open = slots(s[1], s[0]);
        String flagged = as(Tokens.channel()).body(booking(s[1], (String) open.get(0).get("start"), s[0], 1, phone())).post("/visits")
                .then().statusCode(201).extract().path("visitId");
        as(Tokens.staff(uid("other"))).post("/visits/{id}/no-show", flagged).then().statusCode(403);
        as(Tokens.staff(s[1])).post("/visits/{id}/no-show", flagged).then().statusCode(200).body("status", is("NO_SHOW"));
        assertThat(level(s[0], s[1])).containsEntry("reserved", 0);

        String forgotten = as(Tokens.channel()).body(booking(s[1], (String) open.get(0).get("start"), s[0], 1, phone())).post("/visits")
                .then().statusCode(201).extract().path("visitId");
        String came = as(Tokens.channel()).body(booking(s[1], (String) open.get(1).get("start"), s[0], 1, phone())).post("/visits")
                .then().statusCode(201).extract().path("visitId");
        as(Tokens.staff(s[1])).post("/visits/{id}/arrived", came).then().statusCode(200).body("status", is("ARRIVED"));
        TestClock.advance(Duration.between(java.time.Instant.now(), OffsetDateTime.parse((String) open.get(1).get("end")).toInstant()).plusMinutes(31));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);
        as(Tokens.admin()).get("/visits/{id}", forgotten).then().body("status", is("NO_SHOW"));
        as(Tokens.admin()).get("/visits/{id}", came).then().body("status", is("COMPLETED"));
        assertThat(level(s[0], s[1])).containsEntry("reserved", 0).containsEntry("available", 2);
    }

    @Test
    void theStoreSeesItsDayWithWhoIsComingAndForWhat() {
        String[] s = tokyoStore(2, 3);
        String start = (String) slots(s[1], s[0]).getFirst().get("start");
        String id = as(Tokens.channel()).body(booking(s[1], start, s[0], 1, "+81 90-1234-5678")).post("/visits").then().statusCode(201).extract().path("visitId");
        as(Tokens.staff(s[1])).queryParam("date", tomorrowInTokyo().toString()).get("/locations/{id}/visits", s[1]).then().statusCode(200)
                .body("items.visitId", hasItem(id)).body("items.find { it.visitId == '" + id + "' }.customer.name", is("Aiko"))
                .body("items.find { it.visitId == '" + id + "' }.customer.phone", is("+819012345678"))
                .body("items.find { it.visitId == '" + id + "' }.items[0].sku", is(s[0]))
                .body("items.find { it.visitId == '" + id + "' }.status", is("BOOKED"));
        as(Tokens.staff(s[1])).queryParam("date", tomorrowInTokyo().plusDays(1).toString()).get("/locations/{id}/visits", s[1]).then()
                .body("items", empty());
        as(Tokens.staff(uid("other"))).get("/locations/{id}/visits", s[1]).then().statusCode(403);
        as(Tokens.channel()).get("/locations/{id}/visits", s[1]).then().statusCode(403);
        as(Tokens.channel()).get("/visits/{id}", id).then().body("customer", nullValue()); // a channel sees its booking, not the store's notes
    }

    @Test
    void onlyStaffOfTheStoreOrAnAdminSetTheSchedule() {
        String[] s = tokyoStore(2, 1);
        Map<String, Object> body = Map.of("slotMinutes", 30, "capacity", 1, "openingHours", List.of(Map.of("day", "MON", "open", "10:00", "close", "12:00")));
        as(Tokens.staff(uid("other"))).body(body).put("/locations/{id}/visit-schedule", s[1]).then().statusCode(403);
        as(Tokens.channel()).body(body).put("/locations/{id}/visit-schedule", s[1]).then().statusCode(403);
        as(Tokens.admin()).body(Map.of("slotMinutes", 30, "capacity", 1, "openingHours", List.of(Map.of("day", "MONDAY", "open", "10:00", "close", "12:00"))))
                .put("/locations/{id}/visit-schedule", s[1]).then().statusCode(400).body("field", containsString("day"));
        as(Tokens.admin()).body(Map.of("slotMinutes", 30, "capacity", 1, "openingHours", List.of(Map.of("day", "MON", "open", "12:00", "close", "10:00"))))
                .put("/locations/{id}/visit-schedule", s[1]).then().statusCode(400).body("field", is("openingHours[0].close"));
        as(Tokens.admin()).body(body).put("/locations/{id}/visit-schedule", "no-such-store").then().statusCode(404);
    }

    @Test
    void aCustomersProfileNamesTheStoresTheyBoughtFrom() {
        String[] s = seeded(3);
        String who = phone();
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("phone", who));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String pi = o.getString("payment.paymentIntentId");
        dev.unifiedcommerce.stripestandin.StripeStandInResource.standIn().succeed(pi);
        dev.unifiedcommerce.support.Events.deliver(dev.unifiedcommerce.support.Events.paymentIntentSucceeded(pi, o.getString("orderId"), 1200))
                .then().statusCode(200);
        as(Tokens.staff(s[1])).queryParam("phone", who).get("/customers").then().body("stores[0].locationId", is(s[1]))
                .body("stores[0].lastPurchaseAt", notNullValue());
    }

    @Test
    void theTillSeesACustomersVisitsLatestFirstInTheirHistory() {
        String[] s = tokyoStore(2, 3);
        String who = phone();
        var slots = slots(s[1], s[0]);
        String first = (String) slots.get(0).get("start"), later = (String) slots.get(2).get("start");
        String early = as(Tokens.channel()).body(booking(s[1], first, s[0], 1, who)).post("/visits").then().statusCode(201).extract().path("visitId");
        String next = as(Tokens.channel()).body(booking(s[1], later, s[0], 2, who)).post("/visits").then().statusCode(201).extract().path("visitId");
        as(Tokens.channel()).post("/visits/{id}/cancel", early).then().statusCode(200);

        JsonPath profile = as(Tokens.staff(s[1])).queryParam("phone", who).get("/customers").then().statusCode(200).extract().jsonPath();
        assertThat(profile.getList("visits.visitId")).containsExactly(next, early);
        assertThat(profile.getList("visits.status")).containsExactly("BOOKED", "CANCELLED");
        assertThat(profile.getString("visits[0].locationId")).isEqualTo(s[1]);
        assertThat(OffsetDateTime.parse(profile.getString("visits[0].start")).toInstant()).isEqualTo(OffsetDateTime.parse(later).toInstant());
        assertThat(profile.getInt("visits[0].items[0].quantity")).isEqualTo(2);
    }
}
