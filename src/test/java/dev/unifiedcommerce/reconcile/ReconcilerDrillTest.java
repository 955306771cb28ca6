package dev.unifiedcommerce.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Json;
import dev.unifiedcommerce.support.SeparateStack;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The Money III drill: the webhook endpoint answers 503 to everything while 100 orders across CARD, LINK and TERMINAL
 * are paid, a third of them refunded in the Stripe Dashboard and some cancelled. One Reconciler pass then brings every
 * order in line with Stripe, applying nothing twice; a second pass changes nothing. (A table apart from the suite's: the
 * pass compares every order its events touch. It shares it only with LinkDeliveryFailureTest, whose orders are never paid.)
 */
@QuarkusTest
@TestProfile(SeparateStack.class) // a table of its own
class ReconcilerDrillTest {
    private static final Logger LOG = Logger.getLogger(ReconcilerDrillTest.class);

    final StripeStandIn stripe = StripeStandInResource.standIn();
    final Map<String, Integer> counts = new TreeMap<>();
    HttpServer down;

    @AfterEach
    void up() {
        stripe.sendEventsTo(null, null);
        if (down != null) down.stop(0);
    }

    @Test
    void onePassRepairsEveryOrderTheWebhookMissedAndASecondPassChangesNothing() throws IOException {
        long started = System.currentTimeMillis();
        down = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        down.createContext("/", ex -> { ex.sendResponseHeaders(503, -1); ex.close(); });
        down.start();
        stripe.sendEventsTo("http://127.0.0.1:" + down.getAddress().getPort() + "/webhooks/stripe", Events.SECRET);

        String store = uid("recon");
        store(store);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sku = uid("RECON");
            product(sku, 1000 + 250 * i, "usd");
            stock(sku, store, 100);
            skus.add(sku);
        }
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        String staff = Tokens.staff(store);
        Random random = new Random(15);

        List<String> orderIds = new ArrayList<>();
        Map<String, Integer> dashboardRefunds = new HashMap<>();
        Map<String, Long> expectedSold = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String method = List.of("CARD", "LINK", "TERMINAL").get(i % 3);
            String sku = skus.get(random.nextInt(skus.size()));
            int quantity = 1 + random.nextInt(2);
            Map<String, Object> payment = new HashMap<>(Map.of("method", method));
            if (method.equals("TERMINAL")) {
                // the webhook that frees a reader is missed too: one reader per till sale
                payment.put("readerId", as(staff).body(Map.of("registrationCode", "simulated-recon-" + i, "label", "Till " + i, "locationId", store))
                        .post("/terminal/readers").then().statusCode(201).extract().path("readerId"));
            }
            Json o = Json.from(as(method.equals("TERMINAL") ? staff : Tokens.channel()).body(Map.of(
                            "channel", method.equals("TERMINAL") ? "POS" : method.equals("LINK") ? "CHAT" : "APP",
                            "lines", List.of(Map.of("sku", sku, "quantity", quantity)),
                            "fulfilment", Map.of("type", method.equals("TERMINAL") ? "CARRY_OUT" : "PICKUP", "locationId", store), "payment", payment))
                    .post("/checkouts").then().statusCode(201));
            String orderId = o.getString("orderId");
            orderIds.add(orderId);
            if (i % 10 == 9) { // the shopper walks away
                as(staff).post("/orders/{id}/cancel", orderId).then().statusCode(200);
                count("cancelled");
                continue;
            }
            String pi = o.getString("payment.paymentIntentId");
            String paidWith = method.equals("LINK") ? o.getString("payment.checkoutSessionId") : pi;
            List<String> delivered = stripe.simulate(paidWith, true);
            assertThat(delivered).allMatch(d -> d.endsWith(" 503"));
            expectedSold.merge(sku, (long) quantity, Long::sum);
            count("paid while the webhook endpoint was down");
            if (i % 3 == 1) {
                String intent = method.equals("LINK") ? stripe.object(paidWith).orElseThrow().path("payment_intent").asText() : pi;
                long amount = o.getLong("total.amount") / (i % 2 == 0 ? 1 : 2);
                stripe.dashboardRefund(intent, amount);
                dashboardRefunds.merge(orderId, 1, Integer::sum);
                count("refunded in the Dashboard");
            }
        }
        // nothing reached us: every paid order still waits for its money
        assertThat(orderIds.stream().filter(id -> order(id).getString("status").equals("PAID")).count()).isZero();

        int stripeBefore = stripe.requests().size();
        dev.unifiedcommerce.support.FaultInjector.reset();
        Json pass = reconcile();
        int stripeCalls = stripe.requests().size() - stripeBefore;
        int dynamoCalls = java.util.stream.Stream.of("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems")
                .mapToInt(dev.unifiedcommerce.support.FaultInjector::calls).sum();
        counts.put("first pass: Stripe requests", stripeCalls);
        counts.put("first pass: DynamoDB requests", dynamoCalls);
        counts.put("first pass: Stripe requests per 1000 events", stripeCalls * 1000 / Math.max(1, pass.getInt("events")));
        counts.put("first pass: DynamoDB requests per 1000 events", dynamoCalls * 1000 / Math.max(1, pass.getInt("events")));
        counts.put("first pass: events", pass.getInt("events"));
        counts.put("first pass: applied", pass.getInt("applied"));
        counts.put("first pass: duplicates", pass.getInt("duplicates"));
        counts.put("first pass: orders compared", pass.getInt("ordersCompared"));
        assertThat(pass.getInt("drift")).isZero();

        for (int i = 0; i < orderIds.size(); i++) {
            String orderId = orderIds.get(i);
            Json o = order(orderId);
            String status = o.getString("status");
            if (i % 10 == 9) {
                assertThat(status).as(orderId).isEqualTo("CANCELLED");
            } else {
                assertThat(status).as(orderId).isIn("PAID", "REFUNDED");
                assertThat(o.where("timeline", "type", "PAID")).as("paid once: %s", orderId).hasSize(1);
                assertThat(o.where("timeline", "type", "REFUNDED_OUTSIDE")).as("refunds of %s", orderId)
                        .hasSize(dashboardRefunds.getOrDefault(orderId, 0));
            }
            assertMatchesStripe(orderId, o);
        }
        for (String sku : skus) {
            Json level = Json.from(as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200));
            assertThat(level.getLong("locations[0].onHand")).as("onHand of %s", sku).isEqualTo(100 - expectedSold.getOrDefault(sku, 0L));
            assertThat(level.getLong("locations[0].reserved")).as("reserved of %s", sku).isZero();
        }
        assertThat(as(Tokens.admin()).queryParam("kind", "DRIFT").get("/payment-issues").then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();

        stripeBefore = stripe.requests().size();
        dev.unifiedcommerce.support.FaultInjector.reset();
        Json second = reconcile();
        counts.put("second pass: events", second.getInt("events"));
        counts.put("second pass: Stripe requests", stripe.requests().size() - stripeBefore);
        counts.put("second pass: DynamoDB requests", java.util.stream.Stream.of("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem",
                "DeleteItem", "TransactWriteItems").mapToInt(dev.unifiedcommerce.support.FaultInjector::calls).sum());
        assertThat(second.getInt("applied")).isZero();
        assertThat(second.getInt("drift")).isZero();
        counts.put("seconds", (int) ((System.currentTimeMillis() - started) / 1000));
        LOG.infof("Money III drill: %s", counts);
    }

    /** The money Stripe kept on the order's intents equals what the table says the order kept. */
    void assertMatchesStripe(String orderId, Json o) {
        long net = 0, back = 0;
        for (String pi : stripe.paymentIntentIdsFor(orderId)) {
            JsonNode intent = stripe.object(pi).orElseThrow();
            if (!intent.path("status").asText().equals("succeeded")) continue;
            long refunded = stripe.refundsOf(pi).stream().filter(r -> r.path("status").asText().equals("succeeded")).mapToLong(r -> r.path("amount").asLong()).sum();
            net += intent.path("amount_received").asLong() - refunded;
            back += refunded;
        }
        boolean paid = o.getString("status").equals("PAID") || o.getString("status").equals("REFUNDED");
        assertThat(net).as("money kept at Stripe for %s", orderId).isEqualTo(paid ? o.getLong("total.amount") - o.getLong("refunded.amount") : 0);
        if (paid) assertThat(back).as("refunded at Stripe for %s", orderId).isEqualTo(o.getLong("refunded.amount"));
    }

    Json reconcile() throws IOException {
        Json response = Json.from(given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/reconcile-event.json"))).post("/_lambda_")
                .then().statusCode(200));
        assertThat(response.getInt("statusCode")).as(response.getString("body")).isEqualTo(200);
        return Json.parse(response.getString("body"));
    }

    Json order(String orderId) {
        return Json.from(as(Tokens.admin()).get("/orders/{id}", orderId).then().statusCode(200));
    }

    void count(String what) { counts.merge(what, 1, Integer::sum); }
}
