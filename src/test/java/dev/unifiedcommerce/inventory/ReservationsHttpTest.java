package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** The reservation routes of API.md through the Lambda HTTP adapter (mock event server). */
@QuarkusTest
class ReservationsHttpTest {

    @Test
    void holdOfSeveralLinesAnswers201WithTheHoldAndItsExpiry() {
        String[] a = seeded(5), b = seeded(3);
        as(Tokens.channel()).body(Map.of("lines", List.of(line(a[0], a[1], 2), line(b[0], b[1], 3)), "ttlSeconds", 600))
                .post("/reservations").then().statusCode(201)
                .body("reservationId", startsWith("res_"))
                .body("status", is("HELD"))
                .body("expiresAt", notNullValue())
                .body("lines", hasSize(2));
        as(Tokens.channel()).get("/inventory/{sku}", a[0]).then().statusCode(200)
                .body("available", is(3))
                .body("locations[0].reserved", is(2))
                .body("locations[0].onHand", is(5))
                .body("locations[0].pickup", is(true));
    }

    @Test
    void shortageOnOneLineHoldsNothingAndNamesTheShortLine() {
        String[] a = seeded(5), b = seeded(1);
        as(Tokens.channel()).body(Map.of("lines", List.of(line(a[0], a[1], 2), line(b[0], b[1], 2))))
                .post("/reservations").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("insufficient-stock"))
                .body("shortages", hasSize(1))
                .body("shortages[0].sku", is(b[0]))
                .body("shortages[0].requested", is(2))
                .body("shortages[0].available", is(1));
        as(Tokens.channel()).get("/inventory/{sku}", a[0]).then().body("locations[0].available", is(5)).body("locations[0].reserved", is(0));
        as(Tokens.channel()).get("/inventory/{sku}", b[0]).then().body("locations[0].available", is(1)).body("locations[0].reserved", is(0));
    }

    @Test
    void releaseGivesTheStockBackAndIsIdempotent() {
        String[] a = seeded(4);
        String id = as(Tokens.channel()).body(Map.of("lines", List.of(line(a[0], a[1], 4))))
                .post("/reservations").then().statusCode(201).extract().path("reservationId");
        as(Tokens.channel()).delete("/reservations/{id}", id).then().statusCode(200).body("status", is("RELEASED"));
        as(Tokens.channel()).delete("/reservations/{id}", id).then().statusCode(200).body("status", is("RELEASED"));
        as(Tokens.channel()).get("/reservations/{id}", id).then().statusCode(200).body("status", is("RELEASED"));
        as(Tokens.channel()).get("/inventory/{sku}", a[0]).then().body("locations[0].available", is(4)).body("locations[0].reserved", is(0));
    }

    @Test
    void aChannelCannotSeeAnotherChannelsReservation() {
        String[] a = seeded(1);
        String id = as(Tokens.channel("web-shop")).body(Map.of("lines", List.of(line(a[0], a[1], 1))))
                .post("/reservations").then().statusCode(201).extract().path("reservationId");
        as(Tokens.channel("chat-bot")).get("/reservations/{id}", id).then().statusCode(404);
        as(Tokens.channel("chat-bot")).delete("/reservations/{id}", id).then().statusCode(404);
        as(Tokens.staff("elsewhere")).get("/reservations/{id}", id).then().statusCode(200);
    }
}
