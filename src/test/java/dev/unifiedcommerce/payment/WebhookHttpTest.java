package dev.unifiedcommerce.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.payment.stripe.SignedEvents;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** POST /webhooks/stripe: signatures, API versions, and every payment applied exactly once whatever carries it. */
@QuarkusTest
class WebhookHttpTest {
    @Inject StripeEvents events;
    @Inject SignedEvents signed;
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void resetClock() { TestClock.reset(); }

    /** A card order for a customer with a fresh phone: {orderId, paymentIntentId, sku, store, phone}. */
    String[] cardOrder(int stock, int quantity) {
        String[] s = seeded(stock);
        String phone = Phones.unique("+8190");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], quantity));
        body.put("customer", Map.of("phone", phone));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        return new String[]{o.getString("orderId"), o.getString("payment.paymentIntentId"), s[0], s[1], phone};
    }

    void assertPaidOnce(String[] o, int onHandLeft, long points) {
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID"))
                .body("timeline.findAll { it.type == 'PAID' }.size()", is(1));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(onHandLeft)).body("locations[0].reserved", is(0));
        as(Tokens.admin()).queryParam("phone", o[4]).get("/customers").then().statusCode(200)
                .body("loyaltyPoints", is((int) points)).body("loyalty.size()", is(1))
                .body("orders[0].orderId", is(o[0])).body("orders[0].status", is("PAID"));
    }

    @Test
    void aSignedPaymentSucceededMarksThePaymentCommitsTheStockAndEarnsPoints() {
        String[] o = cardOrder(5, 2);
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 2400)).then().statusCode(200).body("received", is(true));
        assertPaidOnce(o, 3, 24);
    }

    @Test
    void aTamperedBodyIsRefusedAndChangesNothing() {
        String[] o = cardOrder(5, 1);
        String payload = Events.paymentIntentSucceeded(o[1], o[0], 1200).toString();
        String header = Events.header(payload, Events.SECRET, Instant.now().getEpochSecond());
        String tampered = payload.replace("\"amount_received\":1200", "\"amount_received\":1201");
        assertThat(tampered).isNotEqualTo(payload);
        given().contentType(ContentType.JSON).header("Stripe-Signature", header).body(tampered).post("/webhooks/stripe").then()
                .statusCode(400).contentType("application/problem+json").body("field", is("Stripe-Signature"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT"));
    }

    @Test
    void wrongSecretStaleFutureOrMissingSignaturesAreRefused() {
        String[] o = cardOrder(5, 1);
        String payload = Events.paymentIntentSucceeded(o[1], o[0], 1200).toString();
        long now = Instant.now().getEpochSecond();
        Events.deliver(payload, "whsec_someone_else", now).then().statusCode(400);
        Events.deliver(payload, Events.SECRET, now - 301).then().statusCode(400).body("detail", containsString("old"));
        Events.deliver(payload, Events.SECRET, now + 330).then().statusCode(400).body("detail", containsString("future")); // well past the tolerance: the test's second and the app's may differ by one
        given().contentType(ContentType.JSON).body(payload).post("/webhooks/stripe").then().statusCode(400).body("field", is("Stripe-Signature"));
        given().contentType(ContentType.JSON).header("Stripe-Signature", "garbage").body(payload).post("/webhooks/stripe").then().statusCode(400);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT"));
    }

    @Test
    void theSecretBeingRotatedOutStillVerifiesAndSeveralSignaturesAreAccepted() {
        String[] o = cardOrder(5, 1);
        String payload = Events.paymentIntentSucceeded(o[1], o[0], 1200).toString();
        long now = Instant.now().getEpochSecond();
        String both = Events.header(payload, "whsec_unknown", now) + "," + Events.header(payload, Events.PREVIOUS_SECRET, now).replaceFirst("t=\\d+,", "");
        given().contentType(ContentType.JSON).header("Stripe-Signature", both).body(payload).post("/webhooks/stripe").then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID"));
    }

    @Test
    void unreadableJsonWithAValidSignatureIs400() {
        Events.deliver("{not json", Events.SECRET, Instant.now().getEpochSecond()).then().statusCode(400);
        Events.deliver("{\"id\":\"evt_1\"}", Events.SECRET, Instant.now().getEpochSecond()).then().statusCode(400);
    }

    @Test
    void aBase64BodyFromApiGatewayStillVerifies() {
        String[] o = cardOrder(5, 1);
        String payload = Events.paymentIntentSucceeded(o[1], o[0], 1200).toString();
        String header = Events.header(payload, Events.SECRET, Instant.now().getEpochSecond());
        Map<String, Object> event = new HashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "POST /webhooks/stripe");
        event.put("rawPath", "/webhooks/stripe");
        event.put("rawQueryString", "");
        event.put("headers", Map.of("content-type", "application/json", "stripe-signature", header));
        event.put("requestContext", Map.of("apiId", "api", "http", Map.of("method", "POST", "path", "/webhooks/stripe", "protocol", "HTTP/1.1",
                "sourceIp", "54.187.174.169", "userAgent", "Stripe/1.0"), "requestId", "r1", "routeKey", "POST /webhooks/stripe", "stage", "$default"));
        event.put("body", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        given().contentType(ContentType.JSON).body(event).post("/_lambda_").then().statusCode(200).body("statusCode", is(200));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID"));
    }

    @Test
    void eventsFromAnOlderApiVersionOrWithoutOneAreUnderstood() {
        String[] old = cardOrder(5, 1);
        ObjectNode legacy = Events.sample("stripe-ruby-mock/payment_intent.succeeded", pi -> {
            pi.put("id", old[1]);
            pi.put("amount", 1200);
            pi.put("amount_received", 1200);
            pi.putObject("metadata").put("orderId", old[0]);
        });
        assertThat(legacy.get("api_version").asText()).isEqualTo("2020-08-27");
        assertThat(legacy.get("data").get("object").has("charges")).isTrue();
        Events.deliver(legacy).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", old[0]).then().body("status", is("PAID"));

        String[] none = cardOrder(5, 1);
        ObjectNode versionless = Events.paymentIntentSucceeded(none[1], none[0], 1200);
        versionless.remove("api_version");
        Events.deliver(versionless).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", none[0]).then().body("status", is("PAID"));
    }

    @Test
    void aDuplicateDeliveryChangesNothing() {
        String[] o = cardOrder(5, 2);
        ObjectNode event = Events.paymentIntentSucceeded(o[1], o[0], 2400);
        Events.deliver(event).then().statusCode(200).body("result", is("applied"));
        Events.deliver(event).then().statusCode(200).body("result", is("duplicate"));
        assertPaidOnce(o, 3, 24);
    }

    @Test
    void tenConcurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        String[] o = cardOrder(5, 2);
        ObjectNode event = Events.paymentIntentSucceeded(o[1], o[0], 2400);
        String payload = event.toString();
        List<Callable<StripeEvents.Result>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(() -> events.handle(signed.verify(payload.getBytes(StandardCharsets.UTF_8),
                    Events.header(payload, Events.SECRET, Instant.now().getEpochSecond()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<StripeEvents.Result> results = new ArrayList<>();
        for (var f : pool.invokeAll(tasks)) results.add(f.get());
        pool.shutdown();
        assertThat(results).filteredOn(r -> r == StripeEvents.Result.APPLIED).hasSize(1);
        assertPaidOnce(o, 3, 24);
    }

    @Test
    void bothEventsOfOneLinkPaymentApplyItOnce() {
        String[] s = seeded(3);
        String phone = Phones.unique("+8180");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("phone", phone));
        body.put("channel", "CHAT");
        body.put("payment", Map.of("method", "LINK"));
        JsonPath link = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = link.getString("orderId"), sessionId = link.getString("payment.checkoutSessionId");
        String pi = stripe.object(sessionId).orElseThrow().get("payment_intent").asText();
        Events.deliver(Events.sessionCompleted(sessionId, pi, orderId, 1200)).then().statusCode(200).body("result", is("applied"));
        Events.deliver(Events.paymentIntentSucceeded(pi, orderId, 1200)).then().statusCode(200).body("result", is("duplicate"));
        assertPaidOnce(new String[]{orderId, pi, s[0], s[1], phone}, 2, 12);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("payment.paymentIntentId", is(pi));
    }

    @Test
    void anExpiryAfterThePaymentLeavesTheOrderPaid() {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("payment", Map.of("method", "LINK"));
        JsonPath link = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = link.getString("orderId"), sessionId = link.getString("payment.checkoutSessionId");
        String pi = stripe.object(sessionId).orElseThrow().get("payment_intent").asText();
        Events.deliver(Events.sessionCompleted(sessionId, pi, orderId, 1200)).then().statusCode(200);
        Events.deliver(Events.sessionExpired(sessionId, orderId)).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(1)).body("locations[0].available", is(1));
    }

    @Test
    void aPaymentAfterTheLinkExpiredHoldsTheStockAgainWhenItCan() {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("payment", Map.of("method", "LINK"));
        JsonPath link = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = link.getString("orderId"), sessionId = link.getString("payment.checkoutSessionId");
        String pi = stripe.object(sessionId).orElseThrow().get("payment_intent").asText();
        Events.deliver(Events.sessionExpired(sessionId, orderId)).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("EXPIRED"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));

        Events.deliver(Events.sessionCompleted(sessionId, pi, orderId, 1200)).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID")).body("timeline.type", hasItem("STOCK_HELD_AGAIN"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(1)).body("locations[0].reserved", is(0));
    }

    @Test
    void aPaymentAfterTheHoldExpiredAndTheStockSoldNeedsAttentionAndIsRefunded() {
        String[] o = cardOrder(1, 1);
        TestClock.advance(Duration.ofMinutes(16));
        // someone else buys the last unit (the expired hold is released lazily by this hold)
        as(Tokens.channel("other-shop")).body(cardCheckout(o[2], o[3], 1)).post("/checkouts").then().statusCode(201);
        stripe.succeed(o[1]);
        // signed "now" on the application's (advanced) clock
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 1200).toString(), Events.SECRET,
                Instant.now().plus(Duration.ofMinutes(16)).getEpochSecond()).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("NEEDS_ATTENTION"))
                .body("timeline.type", hasItems("NEEDS_ATTENTION", "REFUND_REQUESTED"));
        assertThat(stripe.requests()).anyMatch(r -> r.path().equals("/v1/refunds") && o[1].equals(r.params().get("payment_intent")));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(1)).body("locations[0].reserved", is(1));
    }

    @Test
    void aCancelledPaymentIntentCancelsTheUnpaidOrderAndReleasesItsStock() {
        String[] o = cardOrder(3, 2);
        ObjectNode canceled = Events.paymentIntentSucceeded(o[1], o[0], 2400);
        canceled.put("type", "payment_intent.canceled");
        ((ObjectNode) canceled.get("data").get("object")).put("status", "canceled");
        Events.deliver(canceled).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("CANCELLED"));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].reserved", is(0)).body("locations[0].available", is(3));
        // a payment that still arrives wins: PAID, the stock held again and committed
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 2400)).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID"));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(1)).body("locations[0].reserved", is(0));
    }

    @Test
    void aFailedPaymentAttemptKeepsTheHold() {
        String[] o = cardOrder(3, 1);
        ObjectNode failed = Events.sample("synthesized-from-fixtures3/payment_intent.payment_failed", pi -> {
            pi.put("id", o[1]);
            pi.putObject("metadata").put("orderId", o[0]);
        });
        Events.deliver(failed).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT")).body("timeline.type", hasItem("PAYMENT_FAILED"));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void whenDynamoDbIsUnavailableTheAnswerIs503SoStripeRetriesAndTheRetryApplies() {
        String[] o = cardOrder(5, 1);
        ObjectNode event = Events.paymentIntentSucceeded(o[1], o[0], 1200);
        FaultInjector.failNext("TransactWriteItems", 1000, () ->
                ProvisionedThroughputExceededException.builder().message("throttled")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build());
        try {
            Events.deliver(event).then().statusCode(503);
        } finally {
            FaultInjector.reset();
        }
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT"));
        Events.deliver(event).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID"));
    }

    @Test
    void anEventOfAnotherTypeIsAcknowledgedAndIgnored() {
        ObjectNode other = Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", pi -> { });
        other.put("type", "customer.created");
        Events.deliver(other).then().statusCode(200).body("result", is("ignored"));
    }
}
