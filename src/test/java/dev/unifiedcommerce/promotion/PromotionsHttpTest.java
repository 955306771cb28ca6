package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** Promotion codes as an admin sets them up, and personal codes issued to a customer (the checkout spends them). */
@QuarkusTest
class PromotionsHttpTest {
    static final String NEXT_MONTH = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();

    static Map<String, Object> percent(int off) {
        return new HashMap<>(Map.of("description", "Winter sale", "type", "PERCENT", "percentOff", off, "validUntil", NEXT_MONTH));
    }

    @Test
    void anAdminSetsUpACodeThatIsFoundWhateverItsCase() {
        String code = uid("WINTER").toLowerCase();
        Map<String, Object> body = percent(10);
        body.putAll(Map.of("channels", List.of("WEB", "SMS"), "locationIds", List.of("store-ginza"), "maxRedemptions", 1000,
                "minimumSpend", Map.of("amount", 3000, "currency", "jpy")));
        as(Tokens.admin()).body(body).put("/promotions/{code}", code).then().statusCode(200)
                .body("code", is(code.toUpperCase())).body("percentOff", is(10)).body("redemptions", is(0)).body("active", is(true))
                .body("channels", containsInAnyOrder("WEB", "SMS")).body("maxRedemptions", is(1000));
        as(Tokens.staff("store-ginza")).get("/promotions/{code}", code.toUpperCase()).then().statusCode(200).body("code", is(code.toUpperCase()));
        as(Tokens.channel()).get("/promotions/{code}", code).then().statusCode(200).body("percentOff", is(10));
    }

    @Test
    void changingACodeKeepsItsUsesAndAnInactiveCodeIsHiddenFromChannels() {
        String code = uid("SPRING");
        as(Tokens.admin()).body(percent(15)).put("/promotions/{code}", code).then().statusCode(200);
        Map<String, Object> off = percent(20);
        off.put("active", false);
        as(Tokens.admin()).body(off).put("/promotions/{code}", code).then().statusCode(200).body("percentOff", is(20)).body("active", is(false));
        as(Tokens.channel()).get("/promotions/{code}", code).then().statusCode(404).contentType("application/problem+json");
        as(Tokens.staff("any")).get("/promotions/{code}", code).then().statusCode(200).body("active", is(false));
    }

    @Test
    void badCodesAndRulesAreRefusedNamingTheField() {
        as(Tokens.admin()).body(percent(10)).put("/promotions/{code}", "NO SPACES").then().statusCode(400).body("field", is("code"));
        as(Tokens.admin()).body(percent(10)).put("/promotions/{code}", "X".repeat(33)).then().statusCode(400).body("field", is("code"));
        as(Tokens.admin()).body(percent(101)).put("/promotions/{code}", uid("P")).then().statusCode(400).body("field", containsString("percentOff"));
        as(Tokens.admin()).body(Map.of("type", "AMOUNT", "validUntil", NEXT_MONTH)).put("/promotions/{code}", uid("P"))
                .then().statusCode(400).body("field", is("amountOff"));
        as(Tokens.admin()).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 500, "currency", "jpy"), "percentOff", 5, "validUntil", NEXT_MONTH))
                .put("/promotions/{code}", uid("P")).then().statusCode(400).body("field", is("percentOff"));
        Map<String, Object> backwards = percent(10);
        backwards.put("validFrom", NEXT_MONTH);
        backwards.put("validUntil", Instant.now().toString());
        as(Tokens.admin()).body(backwards).put("/promotions/{code}", uid("P")).then().statusCode(400).body("field", is("validUntil"));
        Map<String, Object> badDate = percent(10);
        badDate.put("validUntil", "next week");
        as(Tokens.admin()).body(badDate).put("/promotions/{code}", uid("P")).then().statusCode(400).body("field", is("validUntil"));
        Map<String, Object> badChannel = percent(10);
        badChannel.put("channels", List.of("FAX"));
        as(Tokens.admin()).body(badChannel).put("/promotions/{code}", uid("P")).then().statusCode(400).body("field", containsString("channels"));
        Map<String, Object> stranger = percent(10);
        stranger.put("customerId", "cus_nobody");
        as(Tokens.admin()).body(stranger).put("/promotions/{code}", uid("P")).then().statusCode(422).body("field", is("customerId"));
        as(Tokens.admin()).get("/promotions/{code}", uid("NONE")).then().statusCode(404);
    }

    @Test
    void onlyAnAdminSetsUpCodes() {
        as(Tokens.staff("any")).body(percent(10)).put("/promotions/{code}", uid("P")).then().statusCode(403);
        as(Tokens.channel()).body(percent(10)).put("/promotions/{code}", uid("P")).then().statusCode(403);
    }

    @Test
    void aPersonalCodeIssuedAtTheTillShowsOnTheCustomersProfileAndNowhereElse() {
        String[] s = seeded(5);
        String phone = Phones.unique("+8170");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("phone", phone));
        String customerId = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().path("customerId");
        if (customerId == null) {
            customerId = as(Tokens.admin()).queryParam("phone", phone).get("/customers").then().statusCode(200).extract().path("customerId");
        }
        JsonPath code = as(Tokens.staff(s[1])).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 500, "currency", "usd"), "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201)
                .body("code", startsWith("P-")).body("customerId", is(customerId)).body("maxRedemptions", is(1)).body("maxPerCustomer", is(1))
                .extract().jsonPath();
        as(Tokens.staff(s[1])).queryParam("phone", phone).get("/customers").then().statusCode(200)
                .body("promotions.code", contains(code.getString("code"))).body("promotions[0].amountOff.amount", is(500));
        as(Tokens.channel()).get("/promotions/{code}", code.getString("code")).then().statusCode(404); // not a public code
        as(Tokens.channel()).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(403);
        as(Tokens.staff(s[1])).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", "cus_nobody").then().statusCode(404);
    }
}
