package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.errors.http.Problem;
import dev.unifiedcommerce.platform.idempotency.Idempotency;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The Idempotency-Key mechanism, by state transition (after Powertools for AWS Lambda). */
@QuarkusTest
class IdempotencyTest {
    @Inject Idempotency idempotency;
    @Inject Inventory inventory;

    @Test
    void sameKeyAndSameBodyReplaysTheFirstAnswerWithoutHoldingTwice() {
        String[] s = seeded(5);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 2)));
        String first = as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        // the same request, its fields in another order and other whitespace: still the same body
        as(Tokens.channel()).header("Idempotency-Key", key)
                .body("{ \"lines\" : [ {\"quantity\": 2, \"locationId\": \"" + s[1] + "\", \"sku\": \"" + s[0] + "\"} ] }")
                .post("/reservations").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("reservationId", is(first)).body("status", is("HELD"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(2));
    }

    @Test
    void sameKeyWithAnotherBodyIs409AndHoldsNothing() {
        String[] s = seeded(5);
        String key = uid("key");
        as(Tokens.channel()).header("Idempotency-Key", key).body(Map.of("lines", List.of(line(s[0], s[1], 1))))
                .post("/reservations").then().statusCode(201);
        as(Tokens.channel()).header("Idempotency-Key", key).body(Map.of("lines", List.of(line(s[0], s[1], 3))))
                .post("/reservations").then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("idempotency-key-reused"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void keysAreScopedToTheCaller() {
        String[] s = seeded(5);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 1)));
        String a = as(Tokens.channel("web-shop")).header("Idempotency-Key", key).body(body).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        String b = as(Tokens.channel("mobile-app")).header("Idempotency-Key", key).body(body).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aFailedRequestDoesNotStickToItsKey() {
        String[] s = seeded(1);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 2)));
        as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/reservations").then().statusCode(409)
                .body("shortages", hasSize(1));
        as(Tokens.admin()).body(Map.of("onHand", 2)).put("/inventory/{sku}/{loc}", s[0], s[1]).then().statusCode(200);
        as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/reservations").then().statusCode(201);
    }

    @Test
    void aRetriedAdjustmentAppliesOnce() {
        String[] s = seeded(5);
        String key = uid("key");
        for (int i = 0; i < 3; i++) {
            as(Tokens.admin()).header("Idempotency-Key", key).body(Map.of("delta", -2, "reason", "DAMAGED"))
                    .post("/inventory/{sku}/{loc}/adjustments", s[0], s[1]).then().statusCode(200).body("onHand", is(3));
        }
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(3)).body("locations[0].available", is(3));
    }

    @Test
    void aBadKeyIs400() {
        String[] s = seeded(5);
        as(Tokens.channel()).header("Idempotency-Key", "x".repeat(300)).body(Map.of("lines", List.of(line(s[0], s[1], 1))))
                .post("/reservations").then().statusCode(400).body("field", is("Idempotency-Key"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
    }

    @Test
    void secondCallWhileInProgressIsRefusedWithRetryAfter() throws Exception {
        String[] s = seeded(5);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 1)));
        var firstIsRunning = new java.util.concurrent.CountDownLatch(1);
        var letFirstFinish = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Response> first = pool.submit(() -> idempotency.execute("caller-1", "POST /reservations", key, body, 201, c -> {
            firstIsRunning.countDown();
            await(letFirstFinish);
            return inventory.hold("caller-1", List.of(new ReservationLine(s[0], s[1], 1)), Duration.ofMinutes(5), r -> c.record(201, Map.of("id", r.id())));
        }));
        firstIsRunning.await();
        try {
            idempotency.execute("caller-1", "POST /reservations", key, body, 201, c -> { throw new AssertionError("must not run"); });
            throw new AssertionError("the duplicate should have been refused");
        } catch (Rejected p) {
            assertThat(p.kind()).isEqualTo(Rejected.Kind.CONFLICT);
            assertThat(p.retryAfterSeconds()).isEqualTo(1);
        }
        letFirstFinish.countDown();
        assertThat(first.get().getStatus()).isEqualTo(201);
        pool.shutdown();
    }

    @Test
    void concurrentDuplicatesMakeOneEffect() throws Exception {
        String[] s = seeded(10);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 1)));
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(() -> {
                try {
                    return idempotency.execute("caller-2", "POST /reservations", key, body, 201, c ->
                            inventory.hold("caller-2", List.of(new ReservationLine(s[0], s[1], 1)), Duration.ofMinutes(5),
                                    r -> c.record(201, Map.of("id", r.id())))).getStatus();
                } catch (Rejected p) {
                    return Problem.of(p).status();
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(tasks)) statuses.add(f.get());
        pool.shutdown();

        assertThat(statuses).allMatch(code -> code == 201 || code == 409);
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }

    @Test
    void concurrentDuplicatesWhoseRecordRidesInTheHoldMakeOneEffect() throws Exception {
        String[] s = seeded(10);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 1)));
        List<Callable<Response>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(() -> idempotency.executeInOneTransaction("caller-3", "POST /reservations", key, body, 201, c ->
                    Map.of("id", inventory.hold("caller-3", List.of(new ReservationLine(s[0], s[1], 1)), Duration.ofMinutes(5),
                            r -> c.record(201, Map.of("id", r.id()))).id()), null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Object> answers = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(tasks)) {
            try {
                Response r = f.get();
                var id = java.util.regex.Pattern.compile("res_[A-Za-z0-9]+").matcher(String.valueOf(r.getEntity()));
                answers.add(r.getStatus() + ":" + (id.find() ? id.group() : "?"));
            } catch (java.util.concurrent.ExecutionException e) {
                answers.add(Problem.of((Rejected) e.getCause()).status());
            }
        }
        pool.shutdown();
        // one hold; every other caller heard 409 (still running) or the same answer replayed
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
        assertThat(answers).allMatch(a -> a.equals(409) || a.toString().startsWith("201:"));
        assertThat(answers.stream().filter(a -> a.toString().startsWith("201:")).distinct()).hasSize(1).noneMatch(a -> a.toString().endsWith("?"));
    }

    @Test
    void aHoldRetriedAfterItsStockRanOutReplaysTheFirstAnswer() {
        String[] s = seeded(1);
        String key = uid("key");
        var body = Map.of("lines", List.of(line(s[0], s[1], 1)));
        String id = as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/reservations").then().statusCode(201)
                .extract().path("reservationId");
        as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/reservations").then().statusCode(201)
                .header(Idempotency.REPLAYED_HEADER, "true").body("reservationId", is(id));
    }

    @Test
    void aCheckoutRetriedAfterItsStockRanOutReplaysTheOrder() {
        String[] s = seeded(1);
        String key = uid("key");
        var body = Map.of("channel", "WEB", "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "SHIP"), "payment", Map.of("method", "CARD"));
        String orderId = as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/checkouts").then().statusCode(201)
                .extract().path("orderId");
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(409);
        as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/checkouts").then().statusCode(201)
                .header(Idempotency.REPLAYED_HEADER, "true").body("orderId", is(orderId));
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
