package dev.unifiedcommerce.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The barista starts a monthly subscription with the card the customer taps; no address asked: the business knows them. */
@QuarkusTest
class TillSubscriptionTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();
    @Inject dev.unifiedcommerce.followup.FollowUps followUps;

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    /** A café with a registered (simulated) reader, the blend's warehouse, and a customer with a home address on file. */
    record Till(String cafe, String reader, String[] blend, String customerId) {}

    static Till till() {
        String[] b = SubscriptionsHttpTest.blend();
        String cafe = uid("cafe");
        store(cafe);
        as(Tokens.admin()).post("/terminal/locations/{id}", cafe).then().statusCode(200);
        String reader = as(Tokens.staff(cafe)).body(Map.of("registrationCode", "simulated-" + uid("wpe"), "label", "Till", "locationId", cafe))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        String phone = SubscriptionRenewalsTest.phone();
        // she subscribed online before, signed in at the web shop: her address is on file
        String customerId = Shoppers.bind(Tokens.channel(), phone, uid("acct"));
        as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(SubscriptionsHttpTest.monthly(b, Map.of("customerId", customerId)))
                .post("/subscriptions").then().statusCode(201);
        return new Till(cafe, reader, b, customerId);
    }

    static Map<String, Object> atTheTill(Till t, Object consent) {
        Map<String, Object> payment = new HashMap<>(Map.of("method", "TERMINAL", "readerId", t.reader()));
        if (consent != null) payment.put("consent", consent);
        return Map.of("customerId", t.customerId(), "lines", List.of(Map.of("sku", t.blend()[0], "quantity", 1)), "interval", "MONTH",
                "shipToAddressOnFile", true, "fulfilmentLocationId", t.blend()[1], "payment", payment);
    }

    static JsonPath await(String id, Predicate<JsonPath> done) {
        JsonPath s = null;
        for (int i = 0; i < 50; i++) {
            s = as(Tokens.admin()).get("/subscriptions/{id}", id).then().statusCode(200).extract().jsonPath();
            if (done.test(s)) return s;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return s;
    }

    @Test
    void aTapOnTheReaderSavesTheCardAndTheSubscriptionIsActiveWithItThenARenewalShips() {
        Till t = till();
        JsonPath s = as(Tokens.staff(t.cafe())).header("Idempotency-Key", uid("k")).body(atTheTill(t, true)).post("/subscriptions")
                .then().statusCode(201).body("status", is("INCOMPLETE")).body("payment.method", is("TERMINAL")).body("payment.readerId", is(t.reader()))
                .body("payment.setupIntentId", startsWith("seti_")).body("shipTo.line1", is("1-2-3 Jingumae")).extract().jsonPath();
        String id = s.getString("subscriptionId"), setupIntent = s.getString("payment.setupIntentId");
        JsonNode si = stripe.object(setupIntent).orElseThrow();
        assertThat(si.get("payment_method_types").get(0).asText()).isEqualTo("card_present");
        assertThat(stripe.requests()).filteredOn(r -> r.path().endsWith("/process_setup_intent"))
                .anyMatch(r -> setupIntent.equals(r.params().get("setup_intent")) && "limited".equals(r.params().get("allow_redisplay")));
        // the reader is busy with her card: no sale can use it meanwhile
        as(Tokens.staff(t.cafe())).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(409);

        assertThat(stripe.simulateTap(setupIntent, true)).contains("terminal.reader.action_succeeded 200", "setup_intent.succeeded 200");
        JsonPath active = await(id, j -> j.getInt("deliveries") == 1);
        assertThat(active.getString("status")).isEqualTo("ACTIVE");
        String stripeId = active.getString("stripeSubscriptionId");
        String generated = stripe.object(setupIntent).orElseThrow().get("payment_method").asText();
        assertThat(stripe.object(stripeId).orElseThrow().get("default_payment_method").asText()).isEqualTo(generated).startsWith("pm_");
        assertThat(SubscriptionRenewalsTest.onHand(t.blend()[0], t.blend()[1])).isEqualTo(10 - 1); // her online one was never paid

        stripe.simulateSubscription(stripeId, "renewed");
        assertThat(await(id, j -> j.getInt("deliveries") == 2).getInt("deliveries")).isEqualTo(2);
    }

    @Test
    void aReaderThatFailsLeavesItIncompleteWithTheReasonAndStaffTryAgain() {
        Till t = till();
        JsonPath s = as(Tokens.staff(t.cafe())).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(201).extract().jsonPath();
        String id = s.getString("subscriptionId"), setupIntent = s.getString("payment.setupIntentId");
        assertThat(stripe.simulateTap(setupIntent, false)).contains("terminal.reader.action_failed 200");
        as(Tokens.staff(t.cafe())).get("/subscriptions/{id}", id).then().body("status", is("INCOMPLETE")).body("problem", containsString("declined"));

        as(Tokens.staff(t.cafe())).body(Map.of("readerId", t.reader())).post("/subscriptions/{id}/reader", id).then().statusCode(200);
        stripe.simulateTap(setupIntent, true);
        assertThat(await(id, j -> "ACTIVE".equals(j.getString("status"))).getString("status")).isEqualTo("ACTIVE");
        as(Tokens.staff(t.cafe())).get("/subscriptions/{id}", id).then().body("problem", nullValue());
        assertThat(stripe.requests()).filteredOn(r -> r.path().endsWith("/process_setup_intent")).extracting(StripeStandIn.Request::idempotencyKey)
                .contains("uc-" + id + "-reader-1", "uc-" + id + "-reader-2");
    }

    @Test
    void onlyStaffOfTheReadersStoreStartOneAndOnlyWithTheCustomersConsent() {
        Till t = till();
        as(Tokens.channel()).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(403);
        as(Tokens.staff(uid("other-store"))).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(403);
        as(Tokens.staff(t.cafe())).body(atTheTill(t, null)).post("/subscriptions").then().statusCode(422).body("field", is("payment.consent"));
        as(Tokens.staff(t.cafe())).body(atTheTill(t, false)).post("/subscriptions").then().statusCode(422).body("field", is("payment.consent"));
    }

    @Test
    void cancellingBeforeTheTapStopsTheReaderAndNothingIsBilled() {
        Till t = till();
        JsonPath s = as(Tokens.staff(t.cafe())).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(201).extract().jsonPath();
        as(Tokens.staff(t.cafe())).post("/subscriptions/{id}/cancel", s.getString("subscriptionId")).then().statusCode(200).body("status", is("CANCELLED"));
        assertThat(stripe.object(s.getString("payment.setupIntentId")).orElseThrow().get("status").asText()).isEqualTo("canceled");
        // the reader is free for the next customer
        as(Tokens.staff(t.cafe())).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(201);
    }

    @Test
    void oneTapPaysTheCafeSaleAndStartsTheSubscriptionWithTheSameCard() {
        Till t = till();
        product("LATTE-" + t.cafe(), 600, "jpy");
        stock("LATTE-" + t.cafe(), t.cafe(), 5);
        Map<String, Object> sale = Map.of("channel", "POS", "customer", Map.of("customerId", t.customerId()),
                "lines", List.of(Map.of("sku", "LATTE-" + t.cafe(), "quantity", 1)), "fulfilment", Map.of("type", "CARRY_OUT", "locationId", t.cafe()),
                "payment", Map.of("method", "TERMINAL", "readerId", t.reader()),
                "subscribe", Map.of("lines", List.of(Map.of("sku", t.blend()[0], "quantity", 1)), "interval", "MONTH", "shipToAddressOnFile", true,
                        "fulfilmentLocationId", t.blend()[1], "consent", true));
        JsonPath o = as(Tokens.staff(t.cafe())).header("Idempotency-Key", uid("k")).body(sale).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = o.getString("orderId"), pi = o.getString("payment.paymentIntentId");
        String id = as(Tokens.staff(t.cafe())).get("/orders/{id}", orderId).then().extract().path("subscriptionId");
        assertThat(id).startsWith("sbn_");
        assertThat(o.getString("subscriptionId")).as("the sale's answer names the subscription it started").isEqualTo(id);
        JsonNode intent = stripe.object(pi).orElseThrow();
        assertThat(intent.get("setup_future_usage").asText()).isEqualTo("off_session");
        assertThat(intent.get("customer").asText()).startsWith("cus_");
        assertThat(intent.get("amount").asLong()).isEqualTo(600); // the latte only: the subscription bills itself

        assertThat(stripe.simulate(pi, true)).contains("payment_intent.succeeded 200", "charge.succeeded 200");
        JsonPath started = await(id, j -> j.getInt("deliveries") == 1);
        assertThat(started.getString("status")).isEqualTo("ACTIVE");
        String generated = stripe.object(started.getString("stripeSubscriptionId")).orElseThrow().get("default_payment_method").asText();
        assertThat(stripe.object(generated).orElseThrow().get("customer").asText()).isEqualTo(intent.get("customer").asText());
        // one history: the café sale and the delivery
        assertThat(as(Tokens.staff(t.cafe())).get("/customers/{id}", t.customerId()).then().statusCode(200).extract().jsonPath()
                .getList("orders.channel", String.class)).contains("POS", "SUBSCRIPTION");
    }

    @Test
    void aSaleOnlyStartsASubscriptionWithTheCardOnAReaderForACustomerStaffLookedUp() {
        Till t = till();
        product("LATTE-" + t.cafe(), 600, "jpy");
        stock("LATTE-" + t.cafe(), t.cafe(), 5);
        Map<String, Object> subscribe = Map.of("lines", List.of(Map.of("sku", t.blend()[0], "quantity", 1)), "interval", "MONTH",
                "shipToAddressOnFile", true, "fulfilmentLocationId", t.blend()[1], "consent", true);
        Map<String, Object> byPhone = Map.of("channel", "POS", "customer", Map.of("phone", "+81 90-1234-5678"),
                "lines", List.of(Map.of("sku", "LATTE-" + t.cafe(), "quantity", 1)), "fulfilment", Map.of("type", "CARRY_OUT", "locationId", t.cafe()),
                "payment", Map.of("method", "TERMINAL", "readerId", t.reader()), "subscribe", subscribe);
        as(Tokens.admin()).body(byPhone).post("/checkouts").then().statusCode(422).body("field", is("subscribe")).body("reason", is("CUSTOMER_REQUIRED"));
        Map<String, Object> card = new HashMap<>(byPhone);
        card.put("customer", Map.of("customerId", t.customerId()));
        card.put("payment", Map.of("method", "CARD"));
        as(Tokens.admin()).body(card).post("/checkouts").then().statusCode(400).body("field", is("subscribe"));
    }

    @Test
    void aSaleThatEndsUnpaidCancelsTheSubscriptionItWasToStartAndConsentIsRequired() {
        Till t = till();
        product("LATTE-" + t.cafe(), 600, "jpy");
        stock("LATTE-" + t.cafe(), t.cafe(), 5);
        Map<String, Object> subscribe = new HashMap<>(Map.of("lines", List.of(Map.of("sku", t.blend()[0], "quantity", 1)), "interval", "MONTH",
                "shipToAddressOnFile", true, "fulfilmentLocationId", t.blend()[1]));
        Map<String, Object> sale = new HashMap<>(Map.of("channel", "POS", "customer", Map.of("customerId", t.customerId()),
                "lines", List.of(Map.of("sku", "LATTE-" + t.cafe(), "quantity", 1)), "fulfilment", Map.of("type", "CARRY_OUT", "locationId", t.cafe()),
                "payment", Map.of("method", "TERMINAL", "readerId", t.reader()), "subscribe", subscribe));
        as(Tokens.staff(t.cafe())).body(sale).post("/checkouts").then().statusCode(422).body("field", is("subscribe.consent"));
        subscribe.put("consent", true);
        String orderId = as(Tokens.staff(t.cafe())).body(sale).post("/checkouts").then().statusCode(201).extract().path("orderId");
        String id = as(Tokens.staff(t.cafe())).get("/orders/{id}", orderId).then().extract().path("subscriptionId");
        assertThat(stripe.requests()).filteredOn(r -> r.path().endsWith("/process_payment_intent"))
                .anyMatch(r -> "limited".equals(r.params().get("process_config[allow_redisplay]")));

        as(Tokens.staff(t.cafe())).post("/orders/{id}/cancel", orderId).then().statusCode(200); // she changed her mind
        followUps.run();
        as(Tokens.staff(t.cafe())).get("/subscriptions/{id}", id).then().body("status", is("CANCELLED")).body("problem", containsString("nothing is billed"));
    }

    @Test
    void aFailureDeliveredAgainDuringTheNextAttemptChangesNothing() {
        Till t = till();
        JsonPath s = as(Tokens.staff(t.cafe())).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(201).extract().jsonPath();
        String id = s.getString("subscriptionId"), setupIntent = s.getString("payment.setupIntentId");
        stripe.simulateTap(setupIntent, false);
        var failure = stripe.lastEvent("terminal.reader.action_failed", readerAtStripe(t));
        as(Tokens.staff(t.cafe())).body(Map.of("readerId", t.reader())).post("/subscriptions/{id}/reader", id).then().statusCode(200);

        assertThat(stripe.deliverAgain(failure)).isEqualTo(200);
        as(Tokens.staff(t.cafe())).queryParam("locationId", t.cafe()).get("/terminal/readers").then().body("readers[0].action.state", is("IN_PROGRESS"));
        as(Tokens.staff(t.cafe())).get("/subscriptions/{id}", id).then().body("problem", nullValue());
        stripe.simulateTap(setupIntent, true);
        assertThat(await(id, j -> "ACTIVE".equals(j.getString("status"))).getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void aReaderThatAnsweredUnclearlyIsReadBackByTheFollowUpsFunctionAndARetryReplays() {
        Till t = till();
        stripe.actThenLoseAnswer("/v1/terminal/readers/.*/process_setup_intent", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        String key = uid("k");
        as(Tokens.staff(t.cafe())).header("Idempotency-Key", key).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(503);
        // the client retries with its key: the same subscription, still waiting for the tap (the reader did get it)
        JsonPath s = as(Tokens.staff(t.cafe())).header("Idempotency-Key", key).body(atTheTill(t, true)).post("/subscriptions").then().statusCode(201)
                .body("status", is("INCOMPLETE")).extract().jsonPath();
        dev.unifiedcommerce.support.TestClock.advance(java.time.Duration.ofMinutes(3));
        try {
            followUps.run(); // reads the reader back: it has the SetupIntent, so nothing is handed twice
        } finally {
            dev.unifiedcommerce.support.TestClock.reset();
        }
        assertThat(stripe.requests()).filteredOn(r -> r.path().endsWith("/process_setup_intent")
                && s.getString("payment.setupIntentId").equals(r.params().get("setup_intent"))).hasSize(1);
        stripe.simulateTap(s.getString("payment.setupIntentId"), true);
        assertThat(await(s.getString("subscriptionId"), j -> "ACTIVE".equals(j.getString("status"))).getString("status")).isEqualTo("ACTIVE");
    }

    /** The Stripe reader id behind one of ours. */
    static String readerAtStripe(Till t) {
        return as(Tokens.staff(t.cafe())).queryParam("locationId", t.cafe()).get("/terminal/readers").then().statusCode(200)
                .extract().path("readers[0].stripeReaderId");
    }
}
