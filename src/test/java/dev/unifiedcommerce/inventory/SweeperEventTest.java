package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * The Sweeper as deployed: EventBridge hands the function the synthetic HTTP API event of infra/sweeper-event.json,
 * which the lambda-http handler routes to /internal/sweep. Posted raw to the mock event server's /_lambda_.
 */
@QuarkusTest
class SweeperEventTest {

    @AfterEach
    void resetClock() { TestClock.reset(); }

    @Test
    void theScheduledEventReleasesExpiredHolds() throws Exception {
        String[] s = seeded(3);
        String id = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 2)), "ttlSeconds", 60))
                .post("/reservations").then().statusCode(201).extract().path("reservationId");
        TestClock.advance(Duration.ofSeconds(61));

        String event = Files.readString(Path.of("infra/sweeper-event.json"));
        given().contentType(ContentType.JSON).body(event).post("/_lambda_").then().statusCode(200)
                .body("statusCode", is(200));

        as(Tokens.channel()).get("/reservations/{id}", id).then().body("status", is("EXPIRED"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].available", is(3)).body("locations[0].reserved", is(0));
    }

    @Test
    void anOrderWhoseHoldRanOutExpiresWithItAndItsPaymentLinkIsExpiredAtStripe() throws Exception {
        String[] s = seeded(2);
        Map<String, Object> body = new java.util.HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("payment", Map.of("method", "LINK"));
        var link = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        TestClock.advance(Duration.ofMinutes(61));

        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);

        as(Tokens.admin()).get("/orders/{id}", link.getString("orderId")).then().body("status", is("EXPIRED")).body("timeline.type", hasItem("EXPIRED"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
        org.assertj.core.api.Assertions.assertThat(dev.unifiedcommerce.stripestandin.StripeStandInResource.standIn()
                .object(link.getString("payment.checkoutSessionId")).orElseThrow().get("status").asText()).isEqualTo("expired");
    }

    @Test
    void anOrderWhoseExpiredHoldIsTakenByAnotherShopperExpiresToo() {
        String[] s = seeded(1);
        String first = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        TestClock.advance(Duration.ofMinutes(16));
        as(Tokens.channel("other-shop")).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);
        as(Tokens.admin()).get("/orders/{id}", first).then().body("status", is("EXPIRED"));
    }

    @Test
    void anHttpCallerCannotReachTheSweeper() {
        as(Tokens.admin()).body("{}").post("/internal/sweep").then().statusCode(404).contentType("application/problem+json");
        given().body("{}").post("/internal/sweep").then().statusCode(404);
    }
}
