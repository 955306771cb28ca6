package dev.unifiedcommerce.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request our code sends to Stripe is one Stripe's published API (spec 2024-04-10) accepts: a known path and
 * method, and only parameters that path defines. Parameters newer than that spec must be allow-listed here.
 */
@QuarkusTest
class StripeRequestsMatchTheSpecTest {
    /**
     * Parameters Stripe added after 2024-04-10 that stripe-java 33 sends. allow_redisplay: process_setup_intent's consent to
     * keep and reuse the tapped card, which replaced customer_consent_collected (API 2024-06-20).
     */
    static final Set<String> NEWER_THAN_SPEC = Set.of("allow_redisplay");

    @Test
    void everyRequestSentToStripeIsDefinedByItsApi() throws IOException {
        exerciseEveryStripeCall();
        JsonNode spec;
        try (InputStream in = getClass().getResourceAsStream("/stripe/spec-subset.json")) {
            spec = new ObjectMapper().readTree(in).get("paths");
        }
        Map<Pattern, String> templates = new HashMap<>();
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String t = it.next();
            templates.put(Pattern.compile(t.replaceAll("\\{[^}]+}", "[^/]+")), t);
        }
        List<StripeStandIn.Request> requests = StripeStandInResource.standIn().requests();
        assertThat(requests).extracting(StripeStandIn.Request::path)
                .contains("/v1/payment_intents", "/v1/checkout/sessions", "/v1/refunds", "/v1/terminal/locations", "/v1/terminal/readers",
                        "/v1/terminal/connection_tokens", "/v1/events", "/v1/coupons", "/v1/customers", "/v1/prices", "/v1/subscriptions")
                .anyMatch(p -> p.startsWith("/v1/invoices/")).anyMatch(p -> p.startsWith("/v1/subscriptions/"))
                .anyMatch(p -> p.startsWith("/v1/setup_intents")).anyMatch(p -> p.endsWith("/process_setup_intent"))
                .anyMatch(p -> p.endsWith("/cancel")).anyMatch(p -> p.endsWith("/expire"))
                .anyMatch(p -> p.endsWith("/process_payment_intent")).anyMatch(p -> p.endsWith("/cancel_action"));
        assertThat(requests).filteredOn(r -> r.method().equals("GET")).extracting(StripeStandIn.Request::path)
                .contains("/v1/payment_intents", "/v1/checkout/sessions").anyMatch(p -> p.startsWith("/v1/terminal/readers/"));
        for (StripeStandIn.Request r : requests) {
            String template = templates.entrySet().stream().filter(e -> e.getKey().matcher(r.path()).matches())
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            assertThat(template).as("path %s %s", r.method(), r.path()).isNotNull();
            JsonNode allowed = spec.get(template).get(r.method());
            assertThat(allowed).as("method %s on %s", r.method(), template).isNotNull();
            Set<String> names = new HashSet<>();
            allowed.forEach(n -> names.add(n.asText()));
            for (String param : r.params().keySet()) {
                String top = param.contains("[") ? param.substring(0, param.indexOf('[')) : param;
                assertThat(names.contains(top) || NEWER_THAN_SPEC.contains(top)).as("parameter %s of %s %s", top, r.method(), template).isTrue();
            }
        }
    }

    private void exerciseEveryStripeCall() {
        String[] s = seeded(10);
        Map<String, Object> card = cardCheckout(s[0], s[1], 1);
        String cardOrder = as(Tokens.channel()).body(card).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", cardOrder).then().statusCode(200);
        Map<String, Object> link = new HashMap<>(card);
        link.put("payment", Map.of("method", "LINK"));
        String linkOrder = as(Tokens.channel()).body(link).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", linkOrder).then().statusCode(200);

        // a discounted payment link (one coupon for the session), a shipped order (shipping on the intent), a subscription
        String code = uid("SPEC").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 100, "currency", "usd"),
                "validUntil", Instant.now().plus(Duration.ofDays(1)).toString())).put("/promotions/{code}", code).then().statusCode(200);
        Map<String, Object> discounted = new HashMap<>(link);
        discounted.put("promotionCode", code);
        as(Tokens.channel()).body(discounted).post("/checkouts").then().statusCode(201);
        Map<String, Object> shipped = new HashMap<>(card);
        shipped.put("fulfilment", Map.of("type", "SHIP"));
        shipped.put("shipTo", Map.of("name", "A", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US"));
        as(Tokens.channel()).body(shipped).post("/checkouts").then().statusCode(201);
        String blend = uid("BLEND");
        as(Tokens.admin()).body(Map.of("name", "Blend", "price", Map.of("amount", 1800, "currency", "usd"), "active", true,
                "subscription", Map.of("intervals", List.of("MONTH"), "price", Map.of("amount", 1600, "currency", "usd")))).put("/products/{sku}", blend)
                .then().statusCode(200);
        as(Tokens.channel()).body(Map.of("customer", Map.of("phone", "+1 415 555 0100"), "lines", List.of(Map.of("sku", blend, "quantity", 1)),
                "interval", "MONTH", "fulfilmentLocationId", s[1], "payment", Map.of("method", "CARD"),
                "shipTo", Map.of("name", "A", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US")))
                .post("/subscriptions").then().statusCode(201);
        // by payment link: a subscription-mode Checkout Session
        as(Tokens.channel()).body(Map.of("customer", Map.of("phone", "+1 415 555 0102"), "lines", List.of(Map.of("sku", blend, "quantity", 1)),
                "interval", "MONTH", "fulfilmentLocationId", s[1], "payment", Map.of("method", "LINK"),
                "shipTo", Map.of("name", "A", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US")))
                .post("/subscriptions").then().statusCode(201).body("payment.url", org.hamcrest.Matchers.notNullValue());
        // its first invoice paid (the invoice read for its payment, the subscription read back), then paused, resumed, cancelled
        var sub = as(Tokens.channel()).body(Map.of("customer", Map.of("phone", "+1 415 555 0101"), "lines", List.of(Map.of("sku", blend, "quantity", 1)),
                "interval", "MONTH", "fulfilmentLocationId", s[1], "payment", Map.of("method", "CARD"),
                "shipTo", Map.of("name", "A", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US")))
                .post("/subscriptions").then().statusCode(201).extract().jsonPath();
        StripeStandInResource.standIn().sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe",
                Events.SECRET);
        StripeStandInResource.standIn().simulateSubscription(sub.getString("stripeSubscriptionId"), "setup");
        for (String change : List.of("pause", "resume", "cancel")) {
            as(Tokens.channel()).post("/subscriptions/{id}/" + change, sub.getString("subscriptionId")).then().statusCode(200);
        }
        as(Tokens.channel()).body(Map.of("immediately", true)).post("/subscriptions/{id}/cancel", sub.getString("subscriptionId")).then().statusCode(200);

        // refunds, and the reads a charge.refunded event makes
        String paid = as(Tokens.channel()).body(card).post("/checkouts").then().statusCode(201).extract().path("orderId");
        String pi = as(Tokens.admin()).get("/orders/{id}", paid).then().extract().path("payment.paymentIntentId");
        StripeStandInResource.standIn().succeed(pi);
        Events.deliver(Events.paymentIntentSucceeded(pi, paid, 1200)).then().statusCode(200);
        as(Tokens.admin()).body(Map.of("amount", Map.of("amount", 100, "currency", "usd"))).post("/orders/{id}/refunds", paid).then().statusCode(201);
        Events.deliver(Events.sample("synthesized-from-fixtures3/charge.refunded", ch -> {
            ch.put("payment_intent", pi);
            ch.remove("refunds");
        })).then().statusCode(200);

        // Terminal: location, reader, till sale on it, cancel, token, removal
        as(Tokens.admin()).post("/terminal/locations/{id}", s[1]).then().statusCode(200);
        String reader = as(Tokens.admin()).body(Map.of("registrationCode", "simulated-wpe", "label", "Till", "locationId", s[1]))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        as(Tokens.admin()).body(Map.of("channel", "POS", "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]), "payment", Map.of("method", "TERMINAL", "readerId", reader)))
                .post("/checkouts").then().statusCode(201);
        as(Tokens.admin()).post("/terminal/readers/{id}/cancel-action", reader).then().statusCode(200);
        // a subscription started at the till: a SetupIntent on the reader, read back with its attempt once tapped
        String tillSetup = as(Tokens.admin()).body(Map.of("customer", Map.of("phone", "+1 415 555 0103"), "lines", List.of(Map.of("sku", blend, "quantity", 1)),
                "interval", "MONTH", "fulfilmentLocationId", s[1], "payment", Map.of("method", "TERMINAL", "readerId", reader, "consent", true),
                "shipTo", Map.of("name", "A", "line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US")))
                .post("/subscriptions").then().statusCode(201).extract().path("payment.setupIntentId");
        StripeStandInResource.standIn().simulateTap(tillSetup, true);
        as(Tokens.admin()).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(201);
        as(Tokens.admin()).delete("/terminal/readers/{id}", reader).then().statusCode(204);

        // what settles lost answers: listing intents and sessions, reading a reader back; and the Reconciler's event list
        var stripe = StripeStandInResource.standIn();
        stripe.dropNext("/v1/payment_intents", 2);
        as(Tokens.channel()).body(card).post("/checkouts").then().statusCode(503);
        stripe.dropNext("/v1/checkout/sessions", 2);
        as(Tokens.channel()).body(link).post("/checkouts").then().statusCode(503);
        String reader2 = as(Tokens.admin()).body(Map.of("registrationCode", "simulated-spec-2", "label", "Till 2", "locationId", s[1]))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        stripe.actThenLoseAnswer("/v1/terminal/readers/.*/process_payment_intent", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        as(Tokens.admin()).body(Map.of("channel", "POS", "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]), "payment", Map.of("method", "TERMINAL", "readerId", reader2)))
                .post("/checkouts").then().statusCode(503);
        TestClock.advance(Duration.ofMinutes(3));
        try {
            for (String event : List.of("infra/follow-ups-event.json", "infra/reconcile-event.json")) {
                io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                        .body(Files.readString(Path.of(event))).post("/_lambda_").then().statusCode(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestClock.reset();
            stripe.clearFaults();
        }
    }
}
