package dev.unifiedcommerce.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Each period Stripe bills the subscription; each paid invoice is one delivery shipped from the warehouse, in one history. */
@QuarkusTest
class SubscriptionRenewalsTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    static String phone() { return Phones.unique("+8170"); }

    /** A monthly subscription of 2 bags (1600 jpy each) for a new customer, shipped from a warehouse holding {@code stock}. */
    static JsonPath subscribe(String[] blend, String phone) {
        return as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(SubscriptionsHttpTest.monthly(blend, Map.of("phone", phone, "name", "Aiko")))
                .post("/subscriptions").then().statusCode(201).extract().jsonPath();
    }

    static JsonPath profile(String phone, String store) {
        return as(Tokens.staff(store)).queryParam("phone", phone).get("/customers").then().statusCode(200).extract().jsonPath();
    }

    static long onHand(String sku, String loc) {
        return ((Number) as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200).extract().jsonPath()
                .getList("locations.findAll { it.locationId == '" + loc + "' }.onHand").getFirst()).longValue();
    }

    @Test
    void theFirstInvoiceAndThreeRenewalsEachShipADeliveryFromTheWarehouseAndEarnPoints() {
        String[] b = SubscriptionsHttpTest.blend();
        String phone = phone();
        JsonPath s = subscribe(b, phone);
        String id = s.getString("subscriptionId"), stripeId = s.getString("stripeSubscriptionId");

        assertThat(stripe.simulateSubscription(stripeId, "setup")).contains("invoice.paid 200", "customer.subscription.updated 200");
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("ACTIVE")).body("deliveries", is(1))
                .body("payment.clientSecret", nullValue());
        for (int i = 0; i < 3; i++) assertThat(stripe.simulateSubscription(stripeId, "renewed")).contains("invoice.paid 200");

        JsonPath p = profile(phone, b[1]);
        List<String> deliveries = p.getList("orders.findAll { it.channel == 'SUBSCRIPTION' }.orderId");
        assertThat(deliveries).hasSize(4);
        assertThat(onHand(b[0], b[1])).isEqualTo(10 - 4 * 2);
        assertThat(p.getLong("loyaltyPoints")).isEqualTo(4 * 32); // 1% of 3200 jpy, per delivery
        as(Tokens.staff(b[1])).get("/orders/{id}", deliveries.getFirst()).then().statusCode(200).body("status", is("PAID"))
                .body("fulfilment.type", is("SHIP")).body("fulfilment.locationId", is(b[1])).body("fulfilment.status", is("NONE"))
                .body("total.amount", is(3200)).body("shipTo.line1", is("1-2-3 Jingumae")).body("payment.paymentIntentId", startsWith("pi_"));
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("deliveries", is(4)).body("lastOrderId", is(deliveries.getFirst()));
        // the warehouse packs them: its queue lists every delivery to ship
        as(Tokens.staff(b[1])).queryParam("fulfilment", "NONE").get("/locations/{id}/orders", b[1]).then().statusCode(200)
                .body("items.orderId", hasItems(deliveries.toArray()));
    }

    @Test
    void aFailedRenewalMakesItPastDueWithTheReasonUntilTheNextPaymentSucceeds() {
        String[] b = SubscriptionsHttpTest.blend();
        String phone = phone();
        JsonPath s = subscribe(b, phone);
        String id = s.getString("subscriptionId"), stripeId = s.getString("stripeSubscriptionId");
        stripe.simulateSubscription(stripeId, "setup");

        assertThat(stripe.simulateSubscription(stripeId, "renewal-failed")).contains("invoice.payment_failed 200");
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("PAST_DUE")).body("deliveries", is(1))
                .body("problem", containsString("Stripe tries again"));
        // staff see it on the customer's profile, and in the list of subscriptions to call about (their stores' only)
        assertThat(profile(phone, b[1]).getString("subscriptions[0].problem")).contains("failed");
        assertThat(pastDue(b[1])).contains(id);
        assertThat(pastDue(uid("other-store"))).doesNotContain(id);
        assertThat(onHand(b[0], b[1])).isEqualTo(8); // nothing shipped for the unpaid period

        stripe.simulateSubscription(stripeId, "renewed");
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("ACTIVE")).body("deliveries", is(2)).body("problem", nullValue());
        assertThat(pastDue(b[1])).doesNotContain(id);
    }

    static List<String> pastDue(String store) {
        return as(Tokens.staff(store)).queryParam("status", "PAST_DUE").queryParam("limit", 100).get("/subscriptions").then().statusCode(200)
                .extract().jsonPath().getList("items.subscriptionId");
    }

    @Test
    void anInvoiceInTheOlderShapeWithoutOurIdIsDeliveredOnceFoundThroughTheSubscription() {
        String[] b = SubscriptionsHttpTest.blend();
        JsonPath s = subscribe(b, phone());
        String id = s.getString("subscriptionId"), stripeId = s.getString("stripeSubscriptionId");
        // up to 2025-03 an invoice named its subscription and intent at the top, and older ones carried no metadata of ours
        String invoice = "in_" + uid("old").replace("-", "");
        ObjectNode event = Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", e -> { });
        event.put("id", "evt_" + uid("inv").replace("-", ""));
        event.put("type", "invoice.paid");
        ObjectNode o = event.putObject("data").putObject("object");
        o.put("id", invoice).put("object", "invoice").put("subscription", stripeId).put("payment_intent", "pi_" + uid("old").replace("-", ""))
                .put("amount_paid", 3200).put("currency", "jpy").put("billing_reason", "subscription_create").put("created", 1_780_000_000L);
        Events.deliver(event).then().statusCode(200);
        event.put("id", "evt_" + uid("again").replace("-", "")); // Stripe sends invoice.paid and invoice.payment_succeeded alike
        event.put("type", "invoice.payment_succeeded");
        Events.deliver(event).then().statusCode(200);

        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("ACTIVE")).body("deliveries", is(1));
        assertThat(onHand(b[0], b[1])).isEqualTo(8);
    }

    @Test
    void theCustomersProfileShowsTheCafePurchaseTheOnlineOrderAndTheDeliveriesTogether() {
        String[] b = SubscriptionsHttpTest.blend();
        String phone = phone();
        String cafe = uid("cafe");
        store(cafe);
        product("LATTE-" + cafe, 600, "jpy");
        stock("LATTE-" + cafe, cafe, 5);
        Map<String, Object> latte = new HashMap<>(Map.of("channel", "POS", "customer", Map.of("phone", phone),
                "lines", List.of(Map.of("sku", "LATTE-" + cafe, "quantity", 1)), "fulfilment", Map.of("type", "CARRY_OUT", "locationId", cafe),
                "payment", Map.of("method", "CARD")));
        String pos = as(Tokens.staff(cafe)).body(latte).post("/checkouts").then().log().ifValidationFails().statusCode(201).extract().path("payment.paymentIntentId");
        stripe.simulate(pos, true);
        Map<String, Object> online = new HashMap<>(Map.of("channel", "WEB", "customer", Map.of("phone", phone),
                "lines", List.of(Map.of("sku", b[0], "quantity", 1)), "fulfilment", Map.of("type", "SHIP"),
                "shipTo", SubscriptionsHttpTest.HOME, "payment", Map.of("method", "CARD")));
        String web = as(Tokens.channel()).body(online).post("/checkouts").then().statusCode(201).extract().path("payment.paymentIntentId");
        stripe.simulate(web, true);
        String stripeId = subscribe(b, phone).getString("stripeSubscriptionId");
        stripe.simulateSubscription(stripeId, "setup");
        stripe.simulateSubscription(stripeId, "renewed");

        JsonPath p = profile(phone, cafe);
        assertThat(p.getList("orders.channel", String.class)).containsExactlyInAnyOrder("POS", "WEB", "SUBSCRIPTION", "SUBSCRIPTION");
        assertThat(p.getList("orders.status", String.class)).containsOnly("PAID");
        assertThat(p.getList("subscriptions.status", String.class)).containsExactly("ACTIVE");
        assertThat(p.getList("loyalty.reason", String.class)).hasSize(4);
    }

    @Test
    void aCheckoutCannotClaimTheSubscriptionChannel() {
        String[] s = seeded(5);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("channel", "SUBSCRIPTION");
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(400).body("field", is("channel"));
    }
}
