package dev.unifiedcommerce.order;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.messaging.SmsPolicy;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** An SMS costs money: only to allowed countries, and at most so many per number and per caller each hour. */
@QuarkusTest
class SmsGuardsTest {
    record Limits(Optional<List<String>> countries, int perDestinationPerHour, int perCallerPerHour) implements SmsPolicy.SmsConfig {}

    @Inject
    CatalogStore catalog;
    @Inject
    RateLimits rateLimits;
    @Inject
    Clock clock;

    /** SMS only to Japan and Sweden, 2 per number and 3 per caller an hour: the policy as a store would configure it. */
    @BeforeEach
    void limits() {
        QuarkusMock.installMockForType(new SmsPolicy(new Limits(Optional.of(List.of("JP", "SE")), 2, 3), catalog, rateLimits, clock), SmsPolicy.class);
    }

    Map<String, Object> linkBySms(String sku, String store, String to) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, 1));
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", to)));
        return body;
    }

    String jpMobile() { return Phones.unique("+8190"); }

    @Test
    void aNumberOfACountryNotAllowedIsRefusedAndNothingIsHeld() {
        String[] s = seeded(3);
        as(Tokens.channel(uid("shop"))).body(linkBySms(s[0], s[1], "+1 415 234 5678")).post("/checkouts").then().statusCode(422)
                .contentType("application/problem+json").body("field", is("payment.sendTo.sms")).body("detail", containsString("US"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
        as(Tokens.channel(uid("shop"))).body(linkBySms(s[0], s[1], "+46 70 123 45 67")).post("/checkouts").then().statusCode(201);
    }

    @Test
    void aNumberTextedTooOftenThisHourIs429WithRetryAfter() {
        String[] s = seeded(5);
        String to = jpMobile(), shop = uid("shop");
        as(Tokens.channel(shop)).body(linkBySms(s[0], s[1], to)).post("/checkouts").then().statusCode(201);
        as(Tokens.channel(uid("shop"))).body(linkBySms(s[0], s[1], to)).post("/checkouts").then().statusCode(201);
        as(Tokens.channel(uid("shop"))).body(linkBySms(s[0], s[1], to)).post("/checkouts").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("field", is("payment.sendTo.sms"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(2));
    }

    @Test
    void aCallerTextingTooManyNumbersThisHourIs429() {
        String[] s = seeded(5);
        String shop = uid("shop");
        for (int i = 0; i < 3; i++) as(Tokens.channel(shop)).body(linkBySms(s[0], s[1], jpMobile())).post("/checkouts").then().statusCode(201);
        as(Tokens.channel(shop)).body(linkBySms(s[0], s[1], jpMobile())).post("/checkouts").then().statusCode(429);
    }

    @Test
    void aReplayOfTheSameKeyIsNotCountedAgain() {
        String[] s = seeded(5);
        String to = jpMobile(), shop = uid("shop"), key = uid("k");
        for (int i = 0; i < 3; i++) {
            as(Tokens.channel(shop)).header("Idempotency-Key", key).body(linkBySms(s[0], s[1], to)).post("/checkouts").then().statusCode(201);
        }
        as(Tokens.channel(uid("shop"))).body(linkBySms(s[0], s[1], to)).post("/checkouts").then().statusCode(201);
    }
}
