package dev.unifiedcommerce.order;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** An SMS costs money: only to allowed countries, and at most so many per number and per caller each hour. */
@QuarkusTest
@TestProfile(SmsGuardsTest.Limits.class)
class SmsGuardsTest {
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commerce.sms.countries", "JP,SE", "commerce.sms.per-destination-per-hour", "2", "commerce.sms.per-caller-per-hour", "3");
        }
    }

    final Random random = new Random();

    Map<String, Object> linkBySms(String sku, String store, String to) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, 1));
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", to)));
        return body;
    }

    String jpMobile() { return "+8190" + (10_000_000 + random.nextInt(89_999_999)); }

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
