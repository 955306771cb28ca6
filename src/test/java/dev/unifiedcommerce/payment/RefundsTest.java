package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Refunds from any channel: never more than paid, stock back where the goods were returned, points taken back, once. */
@QuarkusTest
class RefundsTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void quiet() {
        stripe.sendEventsTo(null, null);
        stripe.clearFaults();
    }

    /** A paid web order of 2 units picked up at one store: {orderId, paymentIntentId, sku, store, phone}. */
    String[] paidOrder() {
        String[] s = seeded(5);
        String phone = Phones.unique("+8170");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 2));
        body.put("customer", Map.of("phone", phone));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        stripe.succeed(o.getString("payment.paymentIntentId"));
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 2400)).then().statusCode(200);
        return new String[]{o.getString("orderId"), o.getString("payment.paymentIntentId"), s[0], s[1], phone};
    }

    @Test
    void anOnlineOrderReturnedInAnotherStoreIsRefundedAndRestockedThere() {
        String[] o = paidOrder();
        String otherStore = uid("store");
        store(otherStore);
        as(Tokens.staff(otherStore)).body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 1)), "restockLocationId", otherStore, "reason", "too small"))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(201)
                .body("refundId", startsWith("rfd_")).body("status", is("succeeded")).body("amount.amount", is(1200))
                .body("stripeRefundId", startsWith("re_"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("refunded.amount", is(1200))
                .body("timeline.type", hasItems("REFUND_REQUESTED", "REFUNDED"));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations.find { it.locationId == '" + otherStore + "' }.onHand", is(1));
        as(Tokens.admin()).queryParam("phone", o[4]).get("/customers").then().body("loyaltyPoints", is(12))
                .body("loyalty.points", containsInAnyOrder(24, -12));
        assertThat(stripe.requests()).anyMatch(r -> r.path().equals("/v1/refunds") && "1200".equals(r.params().get("amount"))
                && r.idempotencyKey() != null);
    }

    @Test
    void anItemScannedTwiceOnAReturnIsOneLineRefundedAndRestockedOnce() {
        String[] o = paidOrder();
        stripe.sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe", Events.SECRET);
        int before = stripe.deliveries().size();
        as(Tokens.staff(o[3])).header("Idempotency-Key", uid("k"))
                .body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 1), Map.of("sku", o[2], "quantity", 1)), "restockLocationId", o[3]))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(201).body("amount.amount", is(2400));
        awaitDeliveries(before + 2);
        assertThat(stripe.deliveries().subList(before, stripe.deliveries().size())).isNotEmpty().allMatch(d -> d.contains(" 200 "));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED")).body("refunded.amount", is(2400))
                .body("timeline.findAll { it.type == 'REFUNDED' }.size()", is(1));
        // 5 on hand, 2 sold, 2 back on the shelf
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(5)).body("locations[0].available", is(5));
    }

    @Test
    void aReturnOfMoreThanWasBoughtAcrossRepeatedLinesIsRefusedBeforeStripe() {
        String[] o = paidOrder();
        int before = stripe.requests().size();
        as(Tokens.staff(o[3])).body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 2), Map.of("sku", o[2], "quantity", 1)), "restockLocationId", o[3]))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(409).body("detail", containsString("only 2 unit(s)"));
        assertThat(stripe.requests().subList(before, stripe.requests().size())).noneMatch(r -> r.path().equals("/v1/refunds"));
    }

    @Test
    void aFortyLineOrderIsRefundedAndRestockedInOneStep() {
        String store = uid("store");
        store(store);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String sku = uid("SKU");
            product(sku, 100, "usd");
            stock(sku, store, 3);
            lines.add(Map.of("sku", sku, "quantity", 1));
        }
        JsonPath o = as(Tokens.channel()).body(Map.of("channel", "WEB", "lines", lines, "fulfilment", Map.of("type", "PICKUP", "locationId", store),
                "payment", Map.of("method", "CARD"))).post("/checkouts").then().statusCode(201).extract().jsonPath();
        stripe.succeed(o.getString("payment.paymentIntentId"));
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 4000)).then().statusCode(200);
        as(Tokens.staff(store)).body(Map.of("lines", lines, "restockLocationId", store)).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201).body("amount.amount", is(4000));
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("REFUNDED"));
        as(Tokens.admin()).get("/inventory/{sku}", lines.get(39).get("sku")).then().body("locations[0].onHand", is(3));
    }

    void awaitDeliveries(int atLeast) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (stripe.deliveries().size() < atLeast && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void neverMoreThanWasPaidAndTheLastRefundClosesTheOrder() {
        String[] o = paidOrder();
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 2401, "currency", "usd"))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(409).body("refundable", is(2400));
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 2000, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(201);
        as(Tokens.staff("any")).body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 1)))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(409);
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 400, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(201);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED")).body("refunded.amount", is(2400));
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 1, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(409);
        as(Tokens.admin()).queryParam("phone", o[4]).get("/customers").then().body("loyaltyPoints", is(0));
    }

    @Test
    void aRetriedRefundWithTheSameKeyRefundsOnce() {
        String[] o = paidOrder();
        String key = uid("refund");
        Map<String, Object> body = Map.of("amount", Map.of("amount", 500, "currency", "usd"));
        String first = as(Tokens.staff("any")).header("Idempotency-Key", key).body(body).post("/orders/{id}/refunds", o[0]).then().statusCode(201).extract().path("refundId");
        as(Tokens.staff("any")).header("Idempotency-Key", key).body(body).post("/orders/{id}/refunds", o[0]).then().statusCode(201).body("refundId", is(first));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(500));
    }

    @Test
    void whenStripeRefusesTheRefundNothingIsBooked() {
        String[] o = paidOrder();
        stripe.failNext("/v1/refunds", 1, 400, "invalid_request_error", "charge_disputed");
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 500, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(502);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(0)).body("timeline.type", hasItem("REFUND_FAILED"));
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 2400, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(201);
    }

    @Test
    void aRefundRefusedAfterAnotherClosedTheOrderReopensIt() {
        String[] o = paidOrder(); // 2400 paid
        String key = uid("refund");
        // B: Stripe answers 500 (nothing made): booked, PENDING
        stripe.failNext("/v1/refunds", 1, 500, "api_error", null);
        as(Tokens.staff("any")).header("Idempotency-Key", key).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd")))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(202).body("status", is("PENDING"));
        // A: the rest; with B booked it covers the total, so it closes the order
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd"))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(201);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED"));
        // B settled: Stripe refuses it now; its money stayed with the shop, so the order is PAID again with 1200 refunded
        stripe.failNext("POST /v1/refunds", 1, 400, "invalid_request_error", "charge_disputed");
        as(Tokens.staff("any")).header("Idempotency-Key", key).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd")))
                .post("/orders/{id}/refunds", o[0]);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("refunded.amount", is(1200))
                .body("timeline.type", hasItems("FULLY_REFUNDED", "REFUND_FAILED", "PAID_AGAIN"));
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd"))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(201); // the rest can be refunded again
    }

    @Test
    void badRefundsAreRefused() {
        String[] o = paidOrder();
        as(Tokens.channel()).body(Map.of("amount", Map.of("amount", 1, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(403);
        as(Tokens.staff("a")).body(Map.of("amount", Map.of("amount", 1, "currency", "jpy"))).post("/orders/{id}/refunds", o[0]).then().statusCode(400).body("field", is("amount.currency"));
        as(Tokens.staff("a")).body(Map.of()).post("/orders/{id}/refunds", o[0]).then().statusCode(400).body("field", is("lines"));
        as(Tokens.staff("a")).body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 1)), "restockLocationId", o[3]))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(403);
        as(Tokens.staff("a")).body(Map.of("lines", List.of(Map.of("sku", o[2], "quantity", 3)))).post("/orders/{id}/refunds", o[0]).then().statusCode(409);
        as(Tokens.staff("a")).body(Map.of("lines", List.of(Map.of("sku", "OTHER", "quantity", 1)))).post("/orders/{id}/refunds", o[0]).then().statusCode(422);
        String unpaid = as(Tokens.channel()).body(cardCheckout(o[2], o[3], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff("a")).body(Map.of("amount", Map.of("amount", 1, "currency", "usd"))).post("/orders/{id}/refunds", unpaid).then().statusCode(409);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(0));
    }

    @Test
    void ourRefundsWebhooksDoNotCountItTwice() throws Exception {
        String[] o = paidOrder();
        stripe.sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe", Events.SECRET);
        String re = as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 700, "currency", "usd"))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(201).extract().path("stripeRefundId");
        // refund.created and charge.refunded arrive after the answer: wait until both were delivered
        long deadline = System.currentTimeMillis() + 15_000;
        while (!bothDelivered(re) && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(bothDelivered(re)).as("refund.created then charge.refunded delivered for " + re).isTrue();
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(700))
                .body("timeline.findAll { it.type == 'REFUNDED' }.size()", is(1));
    }

    @Test
    void aRefundThatFailsLaterAtStripeIsBookedBackAndTheOrderIsPaidAgain() {
        String[] o = paidOrder();
        var refund = as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 2400, "currency", "usd"))).post("/orders/{id}/refunds", o[0])
                .then().statusCode(201).extract().jsonPath();
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED"));
        var failed = Events.sample("synthesized-from-fixtures3/charge.refunded", x -> { });
        failed.put("type", "refund.updated");
        ((com.fasterxml.jackson.databind.node.ObjectNode) failed.get("data")).set("object", stripe.failRefund(refund.getString("stripeRefundId")));
        Events.deliver(failed).then().statusCode(200).body("result", is("applied"));
        Events.deliver(failed).then().statusCode(200).body("result", is("duplicate"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("refunded.amount", is(0))
                .body("timeline.type", hasItem("REFUND_FAILED"));
        as(Tokens.admin()).queryParam("phone", o[4]).get("/customers").then().body("loyaltyPoints", is(24));
        // the money can be refunded again
        as(Tokens.staff("any")).body(Map.of("amount", Map.of("amount", 2400, "currency", "usd"))).post("/orders/{id}/refunds", o[0]).then().statusCode(201);
    }

    /** The stand-in sends refund.created, then charge.refunded, for each refund (in the background for API refunds). */
    private boolean bothDelivered(String stripeRefundId) {
        List<String> d = stripe.deliveries();
        int created = d.indexOf("refund.created 200 " + stripeRefundId);
        return created >= 0 && d.subList(created + 1, d.size()).stream().anyMatch(x -> x.startsWith("charge.refunded 200 "));
    }

    @Test
    void aDashboardRefundIsBookedOnceWithItsPointsTakenBack() {
        String[] o = paidOrder();
        stripe.sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe", Events.SECRET);
        assertThat(stripe.dashboardRefund(o[1], 2400)).containsExactly("refund.created 200", "charge.refunded 200");
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED")).body("refunded.amount", is(2400))
                .body("timeline.findAll { it.type == 'REFUNDED_OUTSIDE' }.size()", is(1));
        as(Tokens.admin()).queryParam("phone", o[4]).get("/customers").then().body("loyaltyPoints", is(0));
    }

    @Test
    void aDashboardRefundOfEverythingWhileOurRefundIsUnclearKeepsTheOrderRefundedWhenOursIsRefused() {
        String[] o = paidOrder(); // 2400 paid
        String key = uid("refund");
        stripe.failNext("/v1/refunds", 1, 500, "api_error", null); // ours: booked, Stripe made nothing
        as(Tokens.staff("any")).header("Idempotency-Key", key).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd")))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(202);
        stripe.sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe", Events.SECRET);
        stripe.dashboardRefund(o[1], 2400); // the whole charge, outside this system
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED"));
        // ours is sent again and refused (the charge is refunded already): given back, the order stays REFUNDED
        stripe.failNext("POST /v1/refunds", 1, 400, "invalid_request_error", "charge_already_refunded");
        as(Tokens.staff("any")).header("Idempotency-Key", key).body(Map.of("amount", Map.of("amount", 1200, "currency", "usd")))
                .post("/orders/{id}/refunds", o[0]);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("REFUNDED")).body("refunded.amount", is(2400))
                .body("timeline.type", hasItem("REFUND_FAILED")).body("timeline.type", not(hasItem("PAID_AGAIN")));
    }
}
