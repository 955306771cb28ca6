package dev.unifiedcommerce.drills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.secrets.Secrets;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.platform.stripe.StripeConfig;
import dev.unifiedcommerce.platform.time.Budget;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Json;
import dev.unifiedcommerce.support.Seeds;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Money II drill: 200 checkouts across CARD, LINK and TERMINAL while a fifth of Stripe's creates and refunds are
 * performed but their answers lost (timed out, 500 after acting, or the connection closed with no answer), clients retrying with their Idempotency-Keys,
 * refunds of a third of the paid orders, then the FollowUps function until nothing is owed. Afterwards the table and
 * Stripe (the stand-in's ledger) agree for every order, stock is exact, and no booking was refunded twice.
 */
@QuarkusTest
class AmbiguousStripeDrillTest {
    private static final Logger LOG = Logger.getLogger(AmbiguousStripeDrillTest.class);

    final StripeStandIn stripe = StripeStandInResource.standIn();
    final Random random = new Random(20261130);
    final Map<String, Integer> counts = new TreeMap<>();
    /** Orders refunded by one line with restock: the SKU put back on the shelf once the refund succeeded. */
    final Map<String, String> lineRefunds = new HashMap<>();

    @Inject
    StripeConfig config;
    @Inject
    Secrets secrets;
    @Inject
    Metrics metrics;
    @Inject
    Instance<Budget> budget;

    /** Stripe calls give up after 300 ms, so the answers the drill holds back cost little time (the rest of the configuration as it is). */
    @BeforeEach
    void shortStripeTimeouts() {
        StripeConfig short300ms = (StripeConfig) Proxy.newProxyInstance(StripeConfig.class.getClassLoader(), new Class<?>[]{StripeConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "readTimeout", "connectTimeout" -> Duration.ofMillis(300);
                    default -> method.invoke(config, args);
                });
        QuarkusMock.installMockForType(new StripeApi(short300ms, secrets, metrics, budget), StripeApi.class);
    }

    @AfterEach
    void calm() {
        stripe.clearFaults();
        stripe.sendEventsTo(null, null);
        TestClock.reset();
    }

    record Sale(String key, String method, String sku, int quantity, Map<String, Object> body) {}

    @Test
    void twoHundredCheckoutsWithLostStripeAnswersEndWithTheTableEqualToStripe() throws IOException {
        long started = System.currentTimeMillis();
        String store = uid("drill");
        store(store);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String sku = uid("DRILL");
            product(sku, 1000 + 100 * i, "usd");
            stock(sku, store, 100);
            skus.add(sku);
        }
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        String staff = Tokens.staff(store);
        List<String> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            readers.add(as(staff).body(Map.of("registrationCode", "simulated-drill-" + r, "label", "Till " + r, "locationId", store))
                    .post("/terminal/readers").then().statusCode(201).extract().path("readerId"));
        }
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
        stripe.actThenLoseAnswerRandomly("/v1/(payment_intents|checkout/sessions|refunds)", 0.2, 400, Seeds.random("lost Stripe answers"));

        // 1. 200 checkouts; a client whose answer is 503 retries with its key (at most twice); each started one is paid
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String method = List.of("CARD", "LINK", "TERMINAL").get(i % 3);
            String sku = skus.get(random.nextInt(skus.size()));
            int quantity = 1 + random.nextInt(2);
            Map<String, Object> payment = method.equals("TERMINAL") ? Map.of("method", "TERMINAL", "readerId", readers.get(i % readers.size()))
                    : Map.of("method", method);
            Map<String, Object> body = Map.of("channel", method.equals("TERMINAL") ? "POS" : method.equals("LINK") ? "SMS" : "WEB",
                    "lines", List.of(Map.of("sku", sku, "quantity", quantity)),
                    "fulfilment", Map.of("type", method.equals("TERMINAL") ? "CARRY_OUT" : "PICKUP", "locationId", store), "payment", payment);
            String key = uid("drill-checkout");
            String token = method.equals("TERMINAL") ? staff : Tokens.channel();
            Response answer = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                answer = as(token).header("Idempotency-Key", key).body(body).post("/checkouts");
                if (answer.statusCode() != 503) break;
                count("checkout answered 503 (client retries)");
            }
            assertThat(answer.statusCode()).as("checkout %d", i).isIn(201, 503);
            String orderId = Json.parse(answer.asString()).getString("orderId");
            assertThat(orderId).startsWith("ord_");
            orderIds.add(orderId);
            if (answer.statusCode() == 201) {
                count("checkouts answered 201");
                pay(orderId);
            } else {
                count("checkouts left to the FollowUps function");
            }
        }

        // 2. the FollowUps function records what Stripe made for checkouts whose clients gave up; those are paid too
        followUpsUntilNothingOwed();
        for (String orderId : orderIds) {
            Json o = order(orderId);
            if (o.getString("status").equals("AWAITING_PAYMENT") && (o.getString("payment.paymentIntentId") != null
                    || o.getString("payment.checkoutSessionId") != null)) {
                pay(orderId);
                count("paid after the FollowUps function recorded their payment");
            }
        }

        // 3. a third of the paid orders are refunded: lines restocked, or an amount; a 202 is replayed with its key
        for (int i = 0; i < orderIds.size(); i += 3) {
            Json o = order(orderIds.get(i));
            if (!o.getString("status").equals("PAID")) continue;
            Map<String, Object> refund = i % 2 == 0
                    ? Map.of("lines", List.of(Map.of("sku", o.getString("lines[0].sku"), "quantity", 1)), "restockLocationId", store)
                    : Map.of("amount", Map.of("amount", 500, "currency", "usd"));
            if (refund.containsKey("lines")) lineRefunds.put(orderIds.get(i), o.getString("lines[0].sku"));
            String key = uid("drill-refund");
            Response r = as(staff).header("Idempotency-Key", key).body(refund).post("/orders/{id}/refunds", orderIds.get(i));
            assertThat(r.statusCode()).isIn(201, 202);
            count("refunds answered " + r.statusCode());
            if (r.statusCode() == 202) {
                int replay = as(staff).header("Idempotency-Key", key).body(refund).post("/orders/{id}/refunds", orderIds.get(i)).statusCode();
                assertThat(replay).isIn(201, 202);
                count("refund replays answered " + replay);
            }
        }

        // 4. the FollowUps function until nothing is owed
        stripe.clearFaults(); // Stripe is healthy again; what is owed must now converge
        int runs = followUpsUntilNothingOwed();
        count("FollowUps runs at the end", runs);

        // 5. invariants, order by order
        Map<String, Long> sold = new HashMap<>(), restocked = new HashMap<>(), held = new HashMap<>();
        for (String orderId : orderIds) {
            Json o = order(orderId);
            String status = o.getString("status");
            count("orders " + status);
            long total = o.getLong("total.amount"), refunded = o.getLong("refunded.amount");
            long netAtStripe = 0, refundsAtStripe = 0;
            for (String pi : stripe.paymentIntentIdsFor(orderId)) {
                JsonNode intent = stripe.object(pi).orElseThrow();
                if (!intent.path("status").asText().equals("succeeded")) continue;
                long back = stripe.refundsOf(pi).stream().filter(r -> r.path("status").asText().equals("succeeded")).mapToLong(r -> r.path("amount").asLong()).sum();
                netAtStripe += intent.path("amount_received").asLong() - back;
                refundsAtStripe += back;
            }
            boolean paid = status.equals("PAID") || status.equals("REFUNDED");
            assertThat(netAtStripe).as("money kept at Stripe for %s (%s)", orderId, status).isEqualTo(paid ? total - refunded : 0);
            if (paid) assertThat(refundsAtStripe).as("refunded at Stripe for %s", orderId).isEqualTo(refunded);
            String sku = o.getString("lines[0].sku");
            long quantity = o.getLong("lines[0].quantity");
            if (paid) sold.merge(sku, quantity, Long::sum);
            if (status.equals("AWAITING_PAYMENT") && "HELD".equals(as(Tokens.admin()).get("/reservations/{id}", o.getString("reservationId"))
                    .then().extract().path("status"))) {
                held.merge(sku, quantity, Long::sum);
            }
        }
        for (JsonNode r : stripe.objects("refund")) {
            String refundId = r.path("metadata").path("refundId").asText("");
            if (!refundId.isEmpty()) assertThat(stripe.refundsFor(refundId)).as("Stripe refunds of booking %s", refundId).isEqualTo(1);
        }
        lineRefunds.forEach((orderId, sku) -> {
            if (order(orderId).getLong("refunded.amount") > 0) restocked.merge(sku, 1L, Long::sum);
        });
        for (String sku : skus) {
            Json level = Json.from(as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200));
            long onHand = level.getLong("locations[0].onHand"), reserved = level.getLong("locations[0].reserved");
            assertThat(onHand).as("onHand of %s", sku).isEqualTo(100 - sold.getOrDefault(sku, 0L) + restocked.getOrDefault(sku, 0L));
            assertThat(reserved).as("reserved of %s", sku).isEqualTo(held.getOrDefault(sku, 0L));
        }
        count("Stripe refunds", (int) stripe.objects("refund").stream().filter(r -> orderIds.contains(r.path("metadata").path("orderId").asText())).count());
        count("seconds", (int) ((System.currentTimeMillis() - started) / 1000));
        LOG.infof("Money II drill: %s", counts);
    }

    void pay(String orderId) {
        Json o = order(orderId);
        String object = o.getString("payment.checkoutSessionId") != null ? o.getString("payment.checkoutSessionId") : o.getString("payment.paymentIntentId");
        if (object == null) return;
        stripe.simulate(object, true);
    }

    Json order(String orderId) {
        return Json.from(as(Tokens.admin()).get("/orders/{id}", orderId).then().statusCode(200));
    }

    int followUpsUntilNothingOwed() throws IOException {
        String event = Files.readString(Path.of("infra/follow-ups-event.json"));
        for (int run = 1; run <= 30; run++) {
            TestClock.advance(Duration.ofMinutes(2));
            Json response = Json.from(given().contentType(ContentType.JSON).body(event).post("/_lambda_").then().statusCode(200));
            assertThat(response.getInt("statusCode")).isEqualTo(200);
            if (Json.parse(response.getString("body")).getInt("owed") == 0) return run;
        }
        throw new AssertionError("follow-ups still owed after 30 runs");
    }

    void count(String what) { counts.merge(what, 1, Integer::sum); }

    void count(String what, int n) { counts.put(what, n); }
}
