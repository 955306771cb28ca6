package dev.unifiedcommerce.order;

import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** Staff move paid orders through fulfilment; a store sees its pickup queue. */
@QuarkusTest
class FulfilmentTest {

    String paidOrder(String sku, String store, String type) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, 1));
        body.put("fulfilment", Map.of("type", type, "locationId", store));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 1200)).then().statusCode(200);
        return o.getString("orderId");
    }

    @Test
    void aPaidPickupOrderGoesIntoTheStoresQueueAndOutWhenCollected() {
        String[] s = seeded(3);
        String orderId = paidOrder(s[0], s[1], "PICKUP");
        as(Tokens.staff(s[1])).body(Map.of("status", "READY_FOR_PICKUP")).post("/orders/{id}/fulfilment", orderId).then().statusCode(200)
                .body("fulfilment.status", is("READY_FOR_PICKUP"));
        as(Tokens.staff(s[1])).queryParam("fulfilment", "READY_FOR_PICKUP").get("/locations/{id}/orders", s[1]).then().statusCode(200)
                .body("items.orderId", contains(orderId));
        as(Tokens.staff(s[1])).body(Map.of("status", "FULFILLED")).post("/orders/{id}/fulfilment", orderId).then().statusCode(200)
                .body("fulfilment.status", is("FULFILLED")).body("timeline.type", hasItems("FULFILMENT_READY_FOR_PICKUP", "FULFILMENT_FULFILLED"));
        as(Tokens.staff(s[1])).get("/locations/{id}/orders", s[1]).then().statusCode(200).body("items", empty());
    }

    @Test
    void anUnpaidOrderCannotBeFulfilledAndAWrongStepIs409() {
        String[] s = seeded(3);
        String unpaid = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(s[1])).body(Map.of("status", "READY_FOR_PICKUP")).post("/orders/{id}/fulfilment", unpaid).then().statusCode(409);
        String paid = paidOrder(s[0], s[1], "PICKUP");
        as(Tokens.staff(s[1])).body(Map.of("status", "SHIPPED")).post("/orders/{id}/fulfilment", paid).then().statusCode(409).body("field", is("status"));
    }

    @Test
    void onlyTheFulfillingStoresStaffOrAdminMayMoveItOrSeeItsQueue() {
        String[] s = seeded(3);
        String orderId = paidOrder(s[0], s[1], "CARRY_OUT");
        as(Tokens.staff("another-store")).body(Map.of("status", "FULFILLED")).post("/orders/{id}/fulfilment", orderId).then().statusCode(403);
        as(Tokens.channel()).body(Map.of("status", "FULFILLED")).post("/orders/{id}/fulfilment", orderId).then().statusCode(403);
        as(Tokens.staff("another-store")).get("/locations/{id}/orders", s[1]).then().statusCode(403);
        as(Tokens.admin()).body(Map.of("status", "FULFILLED")).post("/orders/{id}/fulfilment", orderId).then().statusCode(200);
        as(Tokens.admin()).queryParam("fulfilment", "LOST").get("/locations/{id}/orders", s[1]).then().statusCode(400).body("field", is("fulfilment"));
    }
}
