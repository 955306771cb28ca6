package dev.unifiedcommerce.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Outbox;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** POST /checkouts and the orders it makes, through the Lambda HTTP adapter, with the Stripe stand-in. */
@QuarkusTest
class CheckoutHttpTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void clear() {
        stripe.clearFaults();
        FaultInjector.reset();
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private List<StripeStandIn.Request> stripeRequestsFor(String orderId) {
        return stripe.requests().stream().filter(r -> orderId.equals(r.params().get("metadata[orderId]"))
                || orderId.equals(r.params().get("client_reference_id"))).toList();
    }

    @Test
    void aCardCheckoutPricesFromTheCatalogHoldsTheStockAndReturnsTheClientSecret() {
        String[] s = seeded(5);
        var answer = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 2)).post("/checkouts").then().statusCode(201)
                .body("orderId", startsWith("ord_"))
                .body("status", is("AWAITING_PAYMENT"))
                .body("total.amount", is(2400)).body("total.currency", is("usd"))
                .body("reservation.reservationId", startsWith("res_"))
                .body("payment.paymentIntentId", startsWith("pi_"))
                .body("payment.clientSecret", containsString("_secret_"))
                .body("customerId", nullValue()) // a typed phone identifies the customer; the channel bound none
                .extract().jsonPath();
        String orderId = answer.getString("orderId");
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(2)).body("locations[0].available", is(3));

        var created = stripeRequestsFor(orderId);
        assertThat(created).hasSize(1);
        assertThat(created.getFirst().path()).isEqualTo("/v1/payment_intents");
        assertThat(created.getFirst().params()).containsEntry("amount", "2400").containsEntry("currency", "usd");
        assertThat(created.getFirst().idempotencyKey()).contains(orderId);

        as(Tokens.channel()).get("/orders/{id}", orderId).then().statusCode(200)
                .body("status", is("AWAITING_PAYMENT")).body("channel", is("WEB"))
                .body("lines[0].unitPrice.amount", is(1200)).body("refunded.amount", is(0))
                .body("payment.paymentIntentId", is(answer.getString("payment.paymentIntentId")))
                .body("payment.clientSecret", nullValue())
                .body("timeline.type", hasItems("ORDER_PLACED", "PAYMENT_STARTED"));
    }

    @Test
    void aRetriedCheckoutWithTheSameKeyGivesTheSameOrderAndOnePaymentIntent() {
        String[] s = seeded(5);
        String key = uid("checkout");
        String first = as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(201).body("orderId", is(first)).body("payment.clientSecret", containsString("_secret_"));
        as(Tokens.channel()).header("Idempotency-Key", key).body(with(cardCheckout(s[0], s[1], 1), "channel", "APP")).post("/checkouts")
                .then().statusCode(409).body("type", endsWith("idempotency-key-reused"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
        assertThat(stripeRequestsFor(first)).hasSize(1);
    }

    @Test
    void aCrashBetweenStripeAndOurWriteThenARetryGivesOneOrderAndOnePaymentIntent() {
        String[] s = seeded(5);
        String key = uid("checkout");
        // the order's transaction goes through; the write that records the PaymentIntent never does
        FaultInjector.failAfter("TransactWriteItems", 1, 1000, () -> ProvisionedThroughputExceededException.builder().message("throttled")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build());
        as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(503).header("Retry-After", notNullValue());
        FaultInjector.reset();

        String orderId = as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(201).body("payment.paymentIntentId", startsWith("pi_")).extract().path("orderId");

        var creates = stripeRequestsFor(orderId);
        assertThat(creates).hasSize(2);
        assertThat(creates).extracting(StripeStandIn.Request::idempotencyKey).containsOnly(creates.getFirst().idempotencyKey());
        long intents = stripe.requests().stream().filter(r -> r.path().equals("/v1/payment_intents") && orderId.equals(r.params().get("metadata[orderId]"))).count();
        assertThat(intents).isEqualTo(2); // two requests, one key: Stripe (and the stand-in) answer the same PaymentIntent
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void theLastUnitGoesToOneChannelAndTheOthersAreToldWhy() {
        String[] s = seeded(1);
        as(Tokens.channel("web-shop")).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);
        Map<String, Object> link = new HashMap<>(cardCheckout(s[0], s[1], 1));
        link.put("channel", "SMS");
        link.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", "+819012345678")));
        as(Tokens.channel("sms-bot")).body(link).post("/checkouts").then().statusCode(409)
                .contentType("application/problem+json").body("shortages[0].sku", is(s[0])).body("shortages[0].available", is(0));
    }

    @Test
    void whenStripeRefusesTheHoldIsReleasedAndTheClientGets502() {
        String[] s = seeded(3);
        stripe.failNext("/v1/payment_intents", 1, 400, "invalid_request_error", "amount_too_small");
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 2)).post("/checkouts").then().statusCode(502)
                .contentType("application/problem+json").body("type", endsWith("payment-provider-error"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0)).body("locations[0].available", is(3));
    }

    @Test
    void whenStripeGivesNoClearAnswerTheHoldIsKeptAndTheClientGets503() {
        String[] s = seeded(3);
        stripe.failNext("/v1/payment_intents", 1, 429, "invalid_request_error", "rate_limit");
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503).header("Retry-After", notNullValue());
        stripe.failNext("/v1/payment_intents", 1, 500, "api_error", null);
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503);
        // Stripe may have made the intent: the stock stays held for those orders until they are settled or expire
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(2));
    }

    @Test
    void aRetryWithTheSameKeyAfterATimeoutGetsTheIntentStripeMadeMeanwhile() {
        String[] s = seeded(3);
        String key = uid("checkout");
        stripe.actThenLoseAnswer("/v1/payment_intents", 1, StripeStandIn.LostAnswer.TIMEOUT, 2_500);
        as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(503).header("Retry-After", notNullValue());
        var o = as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().jsonPath();
        assertThat(o.getString("payment.paymentIntentId")).startsWith("pi_");
        assertThat(stripe.paymentIntentsFor(o.getString("orderId"))).isEqualTo(1);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void aRefusalDoesNotStickToTheIdempotencyKey() {
        String[] s = seeded(3);
        String key = uid("checkout");
        stripe.failNext("/v1/payment_intents", 1, 402, "card_error", "card_declined");
        as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(502);
        as(Tokens.channel()).header("Idempotency-Key", key).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void aPaymentLinkExpiresWithItsHoldAndIsSentBySms() throws Exception {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", "+81 90 1111 2222")));
        var answer = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201)
                .body("payment.url", startsWith("http")).body("payment.checkoutSessionId", startsWith("cs_test_"))
                .body("delivery[0].channel", is("sms")).body("delivery[0].delivered", is(true))
                .extract().jsonPath();
        Instant linkExpires = Instant.parse(answer.getString("payment.expiresAt"));
        Instant holdExpires = Instant.parse(answer.getString("reservation.expiresAt"));
        assertThat(linkExpires.getEpochSecond()).isEqualTo(holdExpires.getEpochSecond());
        assertThat(Duration.between(Instant.now(), holdExpires)).isGreaterThan(Duration.ofMinutes(30));

        String orderId = answer.getString("orderId");
        JsonNode session = stripe.object(answer.getString("payment.checkoutSessionId")).orElseThrow();
        assertThat(session.get("expires_at").asLong()).isEqualTo(holdExpires.getEpochSecond());
        assertThat(session.get("client_reference_id").asText()).isEqualTo(orderId);

        try (Stream<Path> files = Files.list(Outbox.sms())) {
            String sms = files.filter(f -> f.getFileName().toString().startsWith(orderId)).findFirst().map(this::read).orElseThrow();
            assertThat(sms).contains("+819011112222").contains(answer.getString("payment.url"));
        }
        as(Tokens.channel()).get("/orders/{id}", orderId).then().body("timeline.type", hasItems("ORDER_PLACED", "PAYMENT_STARTED", "LINK_SENT"));
    }

    private String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void cancellingAnUnpaidOrderReleasesTheHoldAndCancelsThePaymentIntent() {
        String[] s = seeded(1);
        var answer = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = answer.getString("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"))
                .body("timeline.type", hasItem("CANCELLED"));
        as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0)).body("locations[0].available", is(1));
        assertThat(stripe.object(answer.getString("payment.paymentIntentId")).orElseThrow().get("status").asText()).isEqualTo("canceled");
        // the unit is for sale again
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);
    }

    @Test
    void aChannelSeesOnlyItsOwnOrders() {
        String[] s = seeded(2);
        String orderId = as(Tokens.channel("web-shop")).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel("chat-bot")).get("/orders/{id}", orderId).then().statusCode(404);
        as(Tokens.channel("chat-bot")).post("/orders/{id}/cancel", orderId).then().statusCode(404);
        as(Tokens.staff("anywhere")).get("/orders/{id}", orderId).then().statusCode(200);
    }

    @Test
    void oneCustomerAcrossChannelsFoundByPhoneAndAnEmailTypedBesideItIsNoKeyToThem() {
        String[] s = seeded(5);
        String a = customerOf(as(Tokens.channel("web-shop")).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId"));
        Map<String, Object> byEmailOnly = with(cardCheckout(s[0], s[1], 1), "customer", Map.of("email", "shopper@example.com"));
        String b = customerOf(as(Tokens.channel("mobile-app")).body(byEmailOnly).post("/checkouts").then().statusCode(201).extract().path("orderId"));
        Map<String, Object> byPhone = with(cardCheckout(s[0], s[1], 1), "customer", Map.of("phone", "0081-90-1234-5678"));
        String c = customerOf(as(Tokens.channel("chat-bot")).body(byPhone).post("/checkouts").then().statusCode(201).extract().path("orderId"));
        // whoever owns that address may not be the phone's owner: by e-mail alone it is a customer of its own
        assertThat(b).isNotEqualTo(a);
        assertThat(c).isEqualTo(a);
    }

    /** The customer an order is for, as staff see it (a channel is told only of customers it bound). */
    static String customerOf(String orderId) { return as(Tokens.admin()).get("/orders/{id}", orderId).then().statusCode(200).extract().path("customerId"); }
}
