package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import dev.unifiedcommerce.visit.VisitsHttpTestAccess;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/**
 * What a customer is given and holds stays within bounds: staff hand out modest personal codes to their own stores'
 * customers, a channel learns nothing of secret codes and cannot guess them, and a visit nobody vouched for holds little.
 */
@QuarkusTest
class CustomersValueWithinBoundsTest {
    static final String NEXT_MONTH = Instant.now().plus(30, ChronoUnit.DAYS).toString();

    /** A customer (by a fresh phone) who ordered at {@code store}; their id. */
    static String customerOf(String sku, String store) {
        String phone = Shoppers.newMobile();
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, 1));
        body.put("customer", Map.of("phone", phone));
        String orderId = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().path("orderId");
        return as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().path("customerId");
    }

    static Map<String, Object> percent(int off) { return Map.of("type", "PERCENT", "percentOff", off, "validUntil", NEXT_MONTH); }

    // ---- finding 1: personal codes within bounds ----

    @Test
    void staffIssuePersonalCodesOnlyToCustomersOfTheirStoresAndTheCodeSaysWhoAndWhen() {
        String[] s = seeded(5);
        String customerId = customerOf(s[0], s[1]);
        as(Tokens.staff(uid("shibuya"))).body(percent(10)).post("/customers/{id}/promotions", customerId).then().statusCode(403)
                .contentType("application/problem+json").body("field", is("customerId"));
        String staff = Tokens.staff(s[1]);
        as(staff).body(percent(10)).post("/customers/{id}/promotions", customerId).then().statusCode(201)
                .body("issuedBy", is("staff-" + s[1])).body("issuedAt", notNullValue());
        as(staff).get("/customers/{id}", customerId).then().body("promotions[0].issuedBy", is("staff-" + s[1]));
        as(Tokens.admin()).body(percent(10)).post("/customers/{id}/promotions", customerOf(s[0], s[1])).then().statusCode(201);
    }

    @Test
    void anOrderStaffPlaceThemselvesAndCancelMakesNobodyTheirStoresCustomer() {
        String[] s = seeded(5);
        String stranger = customerOf(s[0], seededStore(s[0])); // a customer of another store
        Map<String, Object> till = new HashMap<>(cardCheckout(s[0], s[1], 1));
        till.put("channel", "POS");
        till.put("customer", Map.of("customerId", stranger));
        String orderId = as(Tokens.staff(s[1])).body(till).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(s[1])).post("/orders/{id}/cancel", orderId).then().statusCode(200);
        as(Tokens.staff(s[1])).body(percent(10)).post("/customers/{id}/promotions", stranger).then().statusCode(403).body("field", is("customerId"));
    }

    /** Another store selling {@code sku}. */
    static String seededStore(String sku) {
        String store = uid("store");
        store(store);
        stock(sku, store, 5);
        return store;
    }

    @Test
    void aChannelLooksUpOnlyPublicCodesUsableNow() {
        String expired = uid("OLD").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "PERCENT", "percentOff", 10, "validFrom", Instant.now().minus(3, ChronoUnit.DAYS).toString(),
                "validUntil", Instant.now().minus(1, ChronoUnit.DAYS).toString())).put("/promotions/{code}", expired).then().statusCode(200);
        as(Tokens.channel()).get("/promotions/{code}", expired).then().statusCode(404);
        as(Tokens.staff("any")).get("/promotions/{code}", expired).then().statusCode(200);
    }

    @Test
    void aCodeWorthMoreThanStaffMayGiveIsForAnAdmin() {
        String[] s = seeded(5);
        String customerId = customerOf(s[0], s[1]);
        as(Tokens.staff(s[1])).body(percent(100)).post("/customers/{id}/promotions", customerId).then().statusCode(403).body("field", is("percentOff"));
        as(Tokens.staff(s[1])).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 2001, "currency", "usd"), "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(403).body("field", is("amountOff"));
        as(Tokens.staff(s[1])).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 2000, "currency", "usd"), "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201);
        as(Tokens.admin()).body(percent(100)).post("/customers/{id}/promotions", customerId).then().statusCode(201);
    }

    @Test
    void aMemberOfStaffIssuesAtMostTwentyCodesADay() {
        String[] s = seeded(5);
        String customerId = customerOf(s[0], s[1]);
        String staff = Tokens.token(uid("associate"), "staff", s[1]);
        for (int i = 0; i < 20; i++) as(staff).body(percent(5)).post("/customers/{id}/promotions", customerId).then().statusCode(201);
        as(staff).body(percent(5)).post("/customers/{id}/promotions", customerId).then().statusCode(403).body("reason", is("STAFF_DAILY_COUNT"));
        as(Tokens.staff(s[1])).body(percent(5)).post("/customers/{id}/promotions", customerId).then().statusCode(201); // a colleague still may
    }

    // ---- finding 3: codes don't leak, and are not found by trying ----

    @Test
    void aChannelHearsTheSameForAnUnknownAnInactiveAndAnotherCustomersCode() {
        String[] s = seeded(5);
        String inactive = uid("OFF").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", NEXT_MONTH, "active", false)).put("/promotions/{code}", inactive)
                .then().statusCode(200);
        String theirs = as(Tokens.staff(s[1])).body(percent(10)).post("/customers/{id}/promotions", customerOf(s[0], s[1])).then().statusCode(201)
                .extract().path("code");
        String ref = uid("acct");
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), ref);
        for (String code : List.of(uid("NONE").toUpperCase(), inactive, theirs)) {
            Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
            body.put("customer", Map.of("shopperRef", ref));
            body.put("promotionCode", code);
            as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(422).body("field", is("promotionCode"))
                    .body("reason", is("NOT_APPLICABLE")).body("detail", is("this promotion code cannot be used for this order"));
        }
        Map<String, Object> atTheTill = new HashMap<>(cardCheckout(s[0], s[1], 1));
        atTheTill.put("promotionCode", inactive);
        as(Tokens.staff(s[1])).body(atTheTill).post("/checkouts").then().statusCode(422).body("reason", is("INACTIVE"));
    }

    @Test
    void aShopperWhoKeepsTryingCodesIsStoppedBeforeAnyCodeIsLookedAt() {
        String[] s = seeded(20);
        String good = uid("GOOD").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", NEXT_MONTH)).put("/promotions/{code}", good).then().statusCode(200);
        String guesser = uid("acct"), neighbour = uid("acct");
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), guesser);
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), neighbour);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("shopperRef", guesser));
        for (int i = 0; i < 10; i++) {
            body.put("promotionCode", uid("GUESS").toUpperCase());
            as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(422);
        }
        body.put("promotionCode", good);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(429).header("Retry-After", notNullValue())
                .body("field", is("promotionCode"));
        body.put("customer", Map.of("shopperRef", neighbour)); // another shopper of the same web shop is not held up
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).body("total.amount", is(1080));
    }

    // ---- finding 4: visits nobody vouched for hold little ----

    @Test
    void aVisitBookedByATypedPhoneHoldsOnlyAFewUnitsAndAVerifiedShoppersMore() {
        String[] s = VisitsHttpTestAccess.tokyoStore(2, 20);
        String start = VisitsHttpTestAccess.firstSlot(s);
        Map<String, Object> body = new HashMap<>(Map.of("locationId", s[1], "start", start, "customer", Map.of("phone", Shoppers.newMobile()),
                "items", List.of(Map.of("sku", s[0], "quantity", 3))));
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(422).body("field", is("items[0].quantity"));
        String other = uid("SHOE"), third = uid("SHOE");
        product(other, 12000, "jpy");
        product(third, 12000, "jpy");
        stock(other, s[1], 5);
        stock(third, s[1], 5);
        body.put("items", List.of(Map.of("sku", s[0], "quantity", 2), Map.of("sku", other, "quantity", 2), Map.of("sku", third, "quantity", 2)));
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(422).body("field", is("items"));
        String ref = uid("acct");
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), ref);
        body.put("customer", Map.of("shopperRef", ref));
        body.put("items", List.of(Map.of("sku", s[0], "quantity", 3)));
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(201);
    }

    @Test
    void aVerifiedShopperKeepsTheirOpenVisitsLimitWhenBoundToAnotherPhone() {
        String[] s = VisitsHttpTestAccess.tokyoStore(5, 20);
        String start = VisitsHttpTestAccess.firstSlot(s);
        String ref = uid("acct");
        Map<String, Object> body = new HashMap<>(Map.of("locationId", s[1], "start", start, "customer", Map.of("shopperRef", ref),
                "items", List.of(Map.of("sku", s[0], "quantity", 1))));
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), ref);
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(201);
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(201);
        Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), ref); // the same account, a new phone: another customer
        as(Tokens.channel()).body(body).post("/visits").then().statusCode(422).body("field", is("customer"));
    }
}
