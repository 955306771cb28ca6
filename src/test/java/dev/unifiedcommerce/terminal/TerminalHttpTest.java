package dev.unifiedcommerce.terminal;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Stores and card readers: Stripe Terminal locations, reader registration, tokens, and a till sale on a reader. */
@QuarkusTest
class TerminalHttpTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void quiet() { stripe.sendEventsTo(null, null); }

    String[] storeWithTerminal(int stock) {
        String[] s = seeded(stock);
        as(Tokens.admin()).post("/terminal/locations/{id}", s[1]).then().statusCode(200).body("stripeLocationId", startsWith("tml_"));
        return s;
    }

    String register(String store, String code) {
        return as(Tokens.staff(store)).body(Map.of("registrationCode", code, "label", "Till 1", "locationId", store))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
    }

    @Test
    void aStoresTerminalLocationIsCreatedOnceFromItsAddress() {
        String[] s = seeded(1);
        String first = as(Tokens.admin()).post("/terminal/locations/{id}", s[1]).then().statusCode(200).extract().path("stripeLocationId");
        as(Tokens.admin()).post("/terminal/locations/{id}", s[1]).then().statusCode(200).body("stripeLocationId", is(first));
        var creates = stripe.requests().stream().filter(r -> r.path().equals("/v1/terminal/locations") && s[1].equals(r.params().get("metadata[locationId]"))).toList();
        assertThat(creates).hasSize(1);
        assertThat(creates.getFirst().params()).containsEntry("address[line1]", "1-1 Ginza").containsEntry("address[country]", "JP");
        as(Tokens.staff(s[1])).post("/terminal/locations/{id}", s[1]).then().statusCode(403);
        as(Tokens.admin()).post("/terminal/locations/{id}", "no-such-store").then().statusCode(404);
    }

    @Test
    void aSimulatedReaderIsRegisteredListedAndRemoved() {
        String[] s = storeWithTerminal(1);
        as(Tokens.staff(s[1])).body(Map.of("registrationCode", "simulated-wpe", "label", "Till 1", "locationId", s[1]))
                .post("/terminal/readers").then().statusCode(201)
                .body("readerId", startsWith("rdr_")).body("stripeReaderId", startsWith("tmr_"))
                .body("deviceType", is("bbpos_wisepos_e")).body("status", is("online")).body("locationId", is(s[1]));
        String readerId = as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().statusCode(200)
                .body("readers", hasSize(1)).extract().path("readers[0].readerId");
        as(Tokens.staff(s[1])).delete("/terminal/readers/{id}", readerId).then().statusCode(204);
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().body("readers", empty());
    }

    @Test
    void badRegistrationsAreExplainedAndNothingIsStored() {
        String[] s = storeWithTerminal(1);
        String[] bare = seeded(1);
        register(s[1], "simulated-s700");
        as(Tokens.staff(s[1])).body(Map.of("registrationCode", "simulated-s700", "label", "Again", "locationId", s[1])).post("/terminal/readers")
                .then().statusCode(422).contentType("application/problem+json").body("field", is("registrationCode"));
        as(Tokens.staff(s[1])).body(Map.of("registrationCode", "puppy-kitten-piano", "label", "X", "locationId", s[1])).post("/terminal/readers")
                .then().statusCode(422).body("field", is("registrationCode"));
        as(Tokens.staff(s[1])).body(Map.of("registrationCode", "simulated-s710", "label", "x".repeat(5001), "locationId", s[1])).post("/terminal/readers")
                .then().statusCode(400).body("field", is("label"));
        as(Tokens.staff(bare[1])).body(Map.of("registrationCode", "simulated-wpe", "label", "X", "locationId", bare[1])).post("/terminal/readers")
                .then().statusCode(422).body("field", is("locationId"));
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().body("readers", hasSize(1));
    }

    @Test
    void aReaderStripeRegisteredButWeCouldNotStoreIsRemovedAtStripeToo() {
        String[] s = storeWithTerminal(1);
        dev.unifiedcommerce.support.FaultInjector.failNext("PutItem", 100, () ->
                software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder().message("throttled")
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build());
        try {
            as(Tokens.staff(s[1])).body(Map.of("registrationCode", "simulated-wpe", "label", "Till", "locationId", s[1])).post("/terminal/readers")
                    .then().statusCode(503);
        } finally {
            dev.unifiedcommerce.support.FaultInjector.reset();
        }
        assertThat(stripe.requests()).anyMatch(r -> r.method().equals("DELETE") && r.path().startsWith("/v1/terminal/readers/tmr_"));
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().body("readers", empty());
        register(s[1], "simulated-wpe"); // the device is free to register again
    }

    @Test
    void staffActOnlyOnTheirOwnStoresReadersAndTokens() {
        String[] s = storeWithTerminal(1);
        String readerId = register(s[1], "simulated-wpe");
        as(Tokens.staff("elsewhere")).body(Map.of("registrationCode", "simulated-s700", "label", "X", "locationId", s[1])).post("/terminal/readers").then().statusCode(403);
        as(Tokens.staff("elsewhere")).queryParam("locationId", s[1]).get("/terminal/readers").then().statusCode(403);
        as(Tokens.staff("elsewhere")).delete("/terminal/readers/{id}", readerId).then().statusCode(403);
        as(Tokens.staff("elsewhere")).post("/terminal/readers/{id}/cancel-action", readerId).then().statusCode(403);
        as(Tokens.staff("elsewhere")).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(403);
        as(Tokens.channel()).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(403);
        as(Tokens.admin()).queryParam("locationId", s[1]).get("/terminal/readers").then().statusCode(200).body("readers", hasSize(1));
    }

    @Test
    void everyConnectionTokenIsFreshAndNotCacheable() {
        String[] s = storeWithTerminal(1);
        String a = as(Tokens.staff(s[1])).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(201)
                .header("Cache-Control", "no-store").body("secret", startsWith("pst_test_")).extract().path("secret");
        String b = as(Tokens.staff(s[1])).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(201).extract().path("secret");
        assertThat(a).isNotEqualTo(b);
        String tml = stripe.requests().stream().filter(r -> r.path().equals("/v1/terminal/connection_tokens")).reduce((x, y) -> y).orElseThrow().params().get("location");
        assertThat(tml).startsWith("tml_");
    }

    Map<String, Object> tillSale(String sku, String store, String readerId) {
        return Map.of("channel", "POS", "lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", store), "payment", Map.of("method", "TERMINAL", "readerId", readerId));
    }

    @Test
    void aTillSaleIsHandedToTheStoresReaderAndPaidThere() {
        String[] s = storeWithTerminal(2);
        String readerId = register(s[1], "simulated-wpe");
        JsonPath sale = as(Tokens.staff(s[1])).body(tillSale(s[0], s[1], readerId)).post("/checkouts").then().statusCode(201)
                .body("payment.readerId", is(readerId)).body("payment.status", is("IN_PROGRESS")).body("payment.paymentIntentId", startsWith("pi_"))
                .extract().jsonPath();
        String pi = sale.getString("payment.paymentIntentId");
        assertThat(stripe.object(pi).orElseThrow().get("payment_method_types").toString()).contains("card_present");
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().body("readers[0].action.state", is("IN_PROGRESS"))
                .body("readers[0].action.orderId", is(sale.getString("orderId")));
        as(Tokens.staff(s[1])).delete("/terminal/readers/{id}", readerId).then().statusCode(409);
        // a second sale cannot take the same reader
        as(Tokens.staff(s[1])).body(tillSale(s[0], s[1], readerId)).post("/checkouts").then().statusCode(409);

        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
        assertThat(stripe.simulate(pi, true)).containsExactly("terminal.reader.action_succeeded 200", "payment_intent.succeeded 200", "charge.succeeded 200");
        as(Tokens.staff(s[1])).get("/orders/{id}", sale.getString("orderId")).then().body("status", is("PAID"))
                .body("timeline.type", hasItems("READER_PAYMENT_SUCCEEDED", "PAID"));
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().body("readers[0].action.state", is("SUCCEEDED"));
    }

    @Test
    void theShopperWalksAwayTheReaderIsFreedAndTheHoldStays() {
        String[] s = storeWithTerminal(2);
        String readerId = register(s[1], "simulated-wpe");
        String orderId = as(Tokens.staff(s[1])).body(tillSale(s[0], s[1], readerId)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(s[1])).post("/terminal/readers/{id}/cancel-action", readerId).then().statusCode(200).body("action.state", is("CANCELED"));
        as(Tokens.staff(s[1])).get("/orders/{id}", orderId).then().body("status", is("AWAITING_PAYMENT")).body("timeline.type", hasItem("READER_ACTION_CANCELED"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
        as(Tokens.staff(s[1])).delete("/terminal/readers/{id}", readerId).then().statusCode(204);
    }

    @Test
    void aReaderOfAnotherStoreIs422AndNothingIsHeld() {
        String[] s = storeWithTerminal(2);
        String[] other = storeWithTerminal(1);
        String otherReader = register(other[1], "simulated-wpe");
        as(Tokens.staff(s[1])).body(tillSale(s[0], s[1], otherReader)).post("/checkouts").then().statusCode(422).body("field", is("payment.readerId"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
    }
}
