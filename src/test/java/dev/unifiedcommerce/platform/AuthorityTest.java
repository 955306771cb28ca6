package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** Least authority: who may drive a till, cancel, release and pay for what, per role and store. */
@QuarkusTest
class AuthorityTest {
    Map<String, Object> tillSale(String sku, String store, String readerId) {
        return Map.of("channel", "POS", "lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", store), "payment", Map.of("method", "TERMINAL", "readerId", readerId));
    }

    String reader(String store) {
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        return as(Tokens.staff(store)).body(Map.of("registrationCode", "simulated-wpe", "label", "Till", "locationId", store))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
    }

    @Test
    void onlyStaffOfTheStoreOrAnAdminDriveItsCardReader() {
        String[] s = seeded(3);
        String reader = reader(s[1]);
        as(Tokens.channel()).body(tillSale(s[0], s[1], reader)).post("/checkouts").then().statusCode(403).contentType("application/problem+json");
        as(Tokens.staff(uid("store"))).body(tillSale(s[0], s[1], reader)).post("/checkouts").then().statusCode(403);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
        as(Tokens.staff(s[1])).body(tillSale(s[0], s[1], reader)).post("/checkouts").then().statusCode(201);
    }

    @Test
    void staffCancelOnlyTheirStoresOrdersButReadAnyOrder() {
        String[] s = seeded(3);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(uid("store"))).get("/orders/{id}", orderId).then().statusCode(200);
        as(Tokens.staff(uid("store"))).post("/orders/{id}/cancel", orderId).then().statusCode(403);
        as(Tokens.channel("another-shop")).post("/orders/{id}/cancel", orderId).then().statusCode(404);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("AWAITING_PAYMENT"));
        as(Tokens.staff(s[1])).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"));
    }

    @Test
    void aShippedOrderHoldingStockInTwoStoresIsCancelledByStaffOfBothNotOfOne() {
        String[] a = seeded(3), b = seeded(3);
        // a hold made across two stores, then shipped: the order keeps each line where it is held
        String reservationId = as(Tokens.channel()).body(Map.of("lines", List.of(line(a[0], a[1], 1), line(b[0], b[1], 1))))
                .post("/reservations").then().statusCode(201).extract().path("reservationId");
        Map<String, Object> ship = Map.of("channel", "WEB", "reservationId", reservationId,
                "fulfilment", Map.of("type", "SHIP"), "payment", Map.of("method", "CARD"));
        String orderId = as(Tokens.channel()).body(ship).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(a[1])).post("/orders/{id}/cancel", orderId).then().statusCode(403);
        as(Tokens.staff(b[1])).post("/orders/{id}/cancel", orderId).then().statusCode(403);
        as(Tokens.channel()).get("/inventory/{sku}", b[0]).then().body("locations[0].reserved", is(1));
        as(Tokens.staff(a[1], b[1])).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"));
    }

    @Test
    void theChannelThatMadeAnOrderMayCancelIt() {
        String[] s = seeded(3);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"));
    }

    @Test
    void anOrdersHoldIsNotReleasedOnItsOwnButByCancellingTheOrder() {
        String[] s = seeded(3);
        String reservationId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201)
                .extract().path("reservation.reservationId");
        as(Tokens.admin()).delete("/reservations/{id}", reservationId).then().statusCode(409).body("field", is("orderId"))
                .body("orderId", startsWith("ord_"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void staffReleaseOnlyHoldsOfTheirOwnStores() {
        String[] s = seeded(3);
        String reservationId = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 2)))).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        as(Tokens.staff(uid("store"))).delete("/reservations/{id}", reservationId).then().statusCode(403);
        as(Tokens.channel("another-shop")).delete("/reservations/{id}", reservationId).then().statusCode(404);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(2));
        as(Tokens.staff(s[1])).delete("/reservations/{id}", reservationId).then().statusCode(200).body("status", is("RELEASED"));
    }

    @Test
    void aHoldIsPaidForOnlyByWhoeverMadeItOrStaffOfItsStore() {
        String[] s = seeded(3);
        String reservationId = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)), "ttlSeconds", 3600)).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        Map<String, Object> pay = new HashMap<>(Map.of("channel", "WEB", "reservationId", reservationId,
                "fulfilment", Map.of("type", "PICKUP", "locationId", s[1]), "payment", Map.of("method", "CARD")));
        as(Tokens.channel("another-shop")).body(pay).post("/checkouts").then().statusCode(404).body("field", is("reservationId"));
        pay.put("channel", "POS");
        as(Tokens.staff(uid("store"))).body(pay).post("/checkouts").then().statusCode(403);
        pay.put("channel", "WEB");
        as(Tokens.channel()).body(pay).post("/checkouts").then().statusCode(201);
    }
}
