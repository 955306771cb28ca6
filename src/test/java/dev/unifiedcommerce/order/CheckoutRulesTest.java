package dev.unifiedcommerce.order;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** Where stock is held for each fulfilment, holds taken over at the till, and every bad checkout refused with nothing held. */
@QuarkusTest
class CheckoutRulesTest {

    static Map<String, Object> checkout(Object lines, Map<String, Object> fulfilment, Map<String, Object> payment) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "WEB");
        body.put("lines", lines);
        body.put("fulfilment", fulfilment);
        body.put("payment", payment);
        return body;
    }

    static Map<String, Object> pickup(String store) { return Map.of("type", "PICKUP", "locationId", store); }
    static final Map<String, Object> CARD = Map.of("method", "CARD");

    private void refused(Map<String, Object> body, int status, String field, String sku) {
        // a till sale is staff's (a channel gets 403 before anything else is looked at)
        boolean till = body.get("payment") instanceof Map<?, ?> p && "TERMINAL".equals(p.get("method"));
        as(till ? Tokens.admin() : Tokens.channel()).body(body).post("/checkouts").then().statusCode(status).contentType("application/problem+json")
                .body("field", is(field));
        if (sku != null) as(Tokens.admin()).get("/inventory/{sku}", sku).then().body("locations.reserved", everyItem(is(0)));
    }

    @Test
    void linesForTheSameSkuAreMergedIntoOneHold() {
        String[] s = seeded(5);
        as(Tokens.channel()).body(checkout(List.of(Map.of("sku", s[0], "quantity", 1), Map.of("sku", s[0], "quantity", 2)), pickup(s[1]), CARD))
                .post("/checkouts").then().statusCode(201).body("total.amount", is(3600));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(3));
    }

    @Test
    void aShippedOrderIsHeldAtAWarehouseThatHasEveryLineAndSaysWhere() {
        String sku = uid("SKU"), store = uid("store"), warehouse = uid("wh");
        product(sku, 500, "usd");
        store(store);
        as(Tokens.admin()).body(Map.of("name", "Warehouse", "type", "WAREHOUSE", "pickup", false,
                "address", Map.of("line1", "1 Dock", "city", "Osaka", "postalCode", "550-0001", "country", "JP"))).put("/locations/{id}", warehouse).then().statusCode(200);
        stock(sku, store, 10);
        stock(sku, warehouse, 4);
        as(Tokens.channel()).body(checkout(List.of(Map.of("sku", sku, "quantity", 3)), Map.of("type", "SHIP"), CARD))
                .post("/checkouts").then().statusCode(201).body("fulfilment.locationId", is(warehouse));
        as(Tokens.channel()).body(checkout(List.of(Map.of("sku", sku, "quantity", 3)), Map.of("type", "SHIP"), CARD))
                .post("/checkouts").then().statusCode(201).body("fulfilment.locationId", is(store));
        as(Tokens.channel()).body(checkout(List.of(Map.of("sku", sku, "quantity", 8)), Map.of("type", "SHIP"), CARD))
                .post("/checkouts").then().statusCode(409).body("shortages", not(empty()));
    }

    @Test
    void aHoldMadeOnlineIsPaidAtTheTillWithoutReleaseAndReHold() {
        String[] s = seeded(1);
        String reservationId = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "POS");
        body.put("reservationId", reservationId);
        body.put("fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]));
        body.put("payment", CARD);
        as(Tokens.staff(s[1])).body(body).post("/checkouts").then().statusCode(201)
                .body("reservation.reservationId", is(reservationId)).body("total.amount", is(1200));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1)).body("locations[0].available", is(0));
        // one hold backs one order
        as(Tokens.staff(s[1])).body(body).post("/checkouts").then().statusCode(409);
    }

    @Test
    void staffSellAtTheTillOfTheirOwnStoreOnly() {
        String[] s = seeded(2);
        Map<String, Object> body = checkout(List.of(Map.of("sku", s[0], "quantity", 1)), Map.of("type", "CARRY_OUT", "locationId", s[1]), CARD);
        body.put("channel", "POS");
        as(Tokens.staff("another-store")).body(body).post("/checkouts").then().statusCode(403);
        as(Tokens.staff(s[1])).body(body).post("/checkouts").then().statusCode(201);
    }

    @Test
    void unknownOrInactiveSkusAre422() {
        String[] s = seeded(2);
        refused(checkout(List.of(Map.of("sku", "NOPE", "quantity", 1)), pickup(s[1]), CARD), 422, "lines[0].sku", s[0]);
        as(Tokens.admin()).body(Map.of("name", "Gone", "price", Map.of("amount", 1, "currency", "usd"), "active", false)).put("/products/{sku}", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]), CARD), 422, "lines[0].sku", s[0]);
    }

    @Test
    void linesPricedInDifferentCurrenciesAre422() {
        String[] s = seeded(2);
        String yen = uid("SKU");
        product(yen, 900, "jpy");
        stock(yen, s[1], 2);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1), Map.of("sku", yen, "quantity", 1)), pickup(s[1]), CARD), 422, "lines[1].sku", s[0]);
    }

    @Test
    void quantitiesAndLineCountsOutOfRangeAre400() {
        String[] s = seeded(2);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 0)), pickup(s[1]), CARD), 400, "lines[0].quantity", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 10_001)), pickup(s[1]), CARD), 400, "lines[0].quantity", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 6000), Map.of("sku", s[0], "quantity", 6000)), pickup(s[1]), CARD), 400, "lines", s[0]);
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 41; i++) many.add(Map.of("sku", s[0] + i, "quantity", 1));
        refused(checkout(many, pickup(s[1]), CARD), 400, "lines", s[0]);
        refused(checkout(List.of(), pickup(s[1]), CARD), 400, "lines", s[0]);
    }

    @Test
    void aMalformedPhoneOrChatUrlIs400() {
        String[] s = seeded(2);
        Map<String, Object> body = checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]), CARD);
        body.put("customer", Map.of("phone", "090-12"));
        refused(body, 400, "customer.phone", s[0]);
        Map<String, Object> link = checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]),
                Map.of("method", "LINK", "sendTo", Map.of("sms", "12")));
        refused(link, 400, "payment.sendTo.sms", s[0]);
        for (String url : List.of("http://chat.example.com/hook", "https://127.0.0.1/hook", "https://10.0.0.8/hook", "https://169.254.169.254/latest", "not a url")) {
            Map<String, Object> chat = checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]),
                    Map.of("method", "LINK", "sendTo", Map.of("chatWebhookUrl", url)));
            refused(chat, 400, "payment.sendTo.chatWebhookUrl", s[0]);
        }
    }

    @Test
    void missingFulfilmentDetailsAre400AndAReaderOfNoStoreIs422() {
        String[] s = seeded(2);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), Map.of("type", "PICKUP"), CARD), 400, "fulfilment.locationId", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup("no-such-store"), CARD), 422, "fulfilment.locationId", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), Map.of("type", "CARRY_OUT", "locationId", s[1]),
                Map.of("method", "TERMINAL")), 400, "payment.readerId", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), Map.of("type", "CARRY_OUT", "locationId", s[1]),
                Map.of("method", "TERMINAL", "readerId", "rdr_unknown")), 422, "payment.readerId", s[0]);
    }

    @Test
    void anUnknownChannelOrMethodIs400() {
        String[] s = seeded(2);
        Map<String, Object> body = checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]), CARD);
        body.put("channel", "FAX");
        refused(body, 400, "channel", s[0]);
        refused(checkout(List.of(Map.of("sku", s[0], "quantity", 1)), pickup(s[1]), Map.of("method", "CASH")), 400, "payment.method", s[0]);
    }
}
