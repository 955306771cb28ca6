package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.support.Seeds;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * Customers as people type them: phone numbers in the national format of the store's country, and contact details
 * that are typed, not verified, so they never hand one shopper's history to another.
 */
@QuarkusTest
class CustomersAsPeopleTypeThemTest {
    /** One sequence for the class (an instance field would give every test the same numbers). */
    static final Random random = Seeds.random("typed phones");

    /** A store in {@code country} with one product in stock: {sku, store}. */
    String[] storeIn(String country) {
        String store = uid("store-" + country.toLowerCase());
        as(Tokens.admin()).body(Map.of("name", "Store " + country, "type", "STORE", "pickup", true,
                        "address", Map.of("line1", "1 High Street", "city", "City", "postalCode", "1000", "country", country)))
                .put("/locations/{id}", store).then().statusCode(200);
        String sku = uid("SKU");
        product(sku, 1200, "usd");
        stock(sku, store, 5);
        return new String[]{sku, store};
    }

    String placedBy(String phone, String email, String[] s) {
        Map<String, Object> customer = email == null ? Map.of("phone", phone) : Map.of("phone", phone, "email", email);
        return as(Tokens.channel()).body(Map.of("channel", "WEB", "customer", customer, "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "PICKUP", "locationId", s[1]), "payment", Map.of("method", "CARD")))
                .post("/checkouts").then().statusCode(201).body("customerId", nullValue()).extract().path("orderId");
    }

    String checkoutByEmail(String email, String[] s) {
        String orderId = as(Tokens.channel()).body(Map.of("channel", "WEB", "customer", Map.of("email", email), "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "PICKUP", "locationId", s[1]), "payment", Map.of("method", "CARD"))).post("/checkouts")
                .then().statusCode(201).extract().path("orderId");
        return as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().path("customerId");
    }

    /** The order as staff see it: which customer the typed details named (a channel is never told). */
    JsonPath checkoutBy(String phone, String email, String[] s) {
        return as(Tokens.admin()).get("/orders/{id}", placedBy(phone, email, s)).then().statusCode(200).extract().jsonPath();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "JP | 090-1234-56%02d | +8190123456%02d",
            "US | (415) 234-56%02d | +141523456%02d",
            "GB | 07911 1234%02d | +447911 1234%02d",
            "SE | 070-123 45 %02d | +4670123 45%02d",
            "NL | 06 123456%02d | +316123456%02d",
            "NO | 412 34 5%02d | +4741234 5%02d",
            "CN | 131 2345 67%02d | +861312345 67%02d"})
    void aNumberTypedTheWayPeopleOfTheStoresCountryWriteItFindsTheSameCustomer(String country, String typedPattern, String e164Pattern) {
        int n = random.nextInt(100);
        String typed = String.format(typedPattern, n), expected = String.format(e164Pattern, n).replace(" ", "");
        String[] s = storeIn(country);
        JsonPath order = checkoutBy(typed, null, s);
        as(Tokens.staff(s[1])).queryParam("phone", typed).get("/customers").then().statusCode(200)
                .body("phone", is(expected)).body("customerId", is(order.getString("customerId")))
                .body("orders.orderId", hasItem(order.getString("orderId")));
    }

    @Test
    void theTrunkZeroAfterTheCountryCodeIsTheSameNumber() {
        String[] s = storeIn("JP");
        String digits = String.format("%04d", random.nextInt(10_000));
        String first = checkoutBy("+81 090-7777-" + digits, null, s).getString("customerId");
        assertThat(checkoutBy("090-7777-" + digits, null, s).getString("customerId")).isEqualTo(first);
        as(Tokens.staff(s[1])).queryParam("phone", "+819077770000".substring(0, 9) + digits).get("/customers").then().body("customerId", is(first));
    }

    @Test
    void aNumberOfTheRightShapeInARangeNotListedYetIsAcceptedAndOneOfTheWrongLengthIsNot() {
        String[] s = storeIn("JP");
        // 090-0xxx-xxxx is not in libphonenumber's allocated ranges today; a shopper's number may be newer than its list
        String digits = String.format("%04d", random.nextInt(10_000));
        assertThat(checkoutBy("+81 90-0064-" + digits, null, s).getString("customerId")).startsWith("cus_");
        Map<String, Object> tooShort = new java.util.HashMap<>(cardCheckout(s[0], s[1], 1));
        tooShort.put("customer", Map.of("phone", "+81 90-12"));
        as(Tokens.channel()).body(tooShort).post("/checkouts").then().statusCode(400).body("field", is("customer.phone"));
    }

    @Test
    void aNationalNumberWithNoCountryToReadItInIsRefusedNamingTheField() {
        as(Tokens.admin()).queryParam("phone", "090-1234-5678").get("/customers").then().statusCode(400).body("field", is("phone"));
    }

    @Test
    void someoneElsesPhoneWithYourEmailNeverAddsYourEmailToTheirHistory() {
        String[] s = storeIn("JP");
        String victimPhone = String.format("+8190%08d", 10_000_000 + random.nextInt(89_999_999));
        String victim = checkoutBy(victimPhone, uid("victim") + "@example.com", s).getString("customerId");
        String attackerEmail = uid("attacker") + "@example.com";
        assertThat(checkoutBy(victimPhone, attackerEmail, s).getString("customerId")).isEqualTo(victim);
        // the attacker's e-mail finds nobody: it was never attached to the victim
        as(Tokens.staff(s[1])).queryParam("email", attackerEmail).get("/customers").then().statusCode(404);
        as(Tokens.staff(s[1])).queryParam("phone", victimPhone).get("/customers").then().body("email", not(is(attackerEmail)));
    }

    @Test
    void aPhoneOfOneCustomerAndAnEmailOfAnotherIsDecidedByThePhoneAndNotedForStaff() {
        String[] s = storeIn("JP");
        String phoneA = String.format("+8180%08d", 10_000_000 + random.nextInt(89_999_999));
        String emailB = uid("b") + "@example.com";
        String a = checkoutBy(phoneA, null, s).getString("customerId");
        String b = checkoutByEmail(emailB, s);
        assertThat(checkoutBy(phoneA, emailB, s).getString("customerId")).isEqualTo(a);
        as(Tokens.staff(s[1])).queryParam("phone", phoneA).get("/customers").then().body("possibleDuplicateOf", is(b)).body("email", nullValue());

        String newPhone = String.format("+8170%08d", 10_000_000 + random.nextInt(89_999_999));
        String created = checkoutBy(newPhone, emailB, s).getString("customerId");
        assertThat(created).isNotIn(a, b);
        as(Tokens.staff(s[1])).get("/customers/{id}", created).then().statusCode(200).body("phone", is(newPhone))
                .body("email", nullValue()).body("possibleDuplicateOf", is(b));
    }

    @Test
    void staffReadAProfileByIdInTheSameShapeAsByPhone() {
        String[] s = storeIn("JP");
        String phone = String.format("+8190%08d", 10_000_000 + random.nextInt(89_999_999));
        JsonPath order = checkoutBy(phone, null, s);
        Map<String, Object> byPhone = as(Tokens.staff(s[1])).queryParam("phone", phone).get("/customers").then().statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> byId = as(Tokens.staff(s[1])).get("/customers/{id}", order.getString("customerId")).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertThat(byId).isEqualTo(byPhone);
    }

    @Test
    void aChannelSeesOnlyTheShoppersItBoundAndWhatItSoldThem() {
        String[] s = storeIn("JP");
        String phone = String.format("+8190%08d", 10_000_000 + random.nextInt(89_999_999));
        String mine = as(Tokens.channel("shop-a")).body(Map.of("channel", "WEB", "customer", Map.of("phone", phone, "name", "Aiko"),
                "lines", List.of(Map.of("sku", s[0], "quantity", 1)), "fulfilment", Map.of("type", "PICKUP", "locationId", s[1]),
                "payment", Map.of("method", "CARD"))).post("/checkouts").then().statusCode(201).extract().path("orderId");
        String customerId = as(Tokens.admin()).get("/orders/{id}", mine).then().extract().path("customerId");
        // selling to a typed phone makes nobody the channel's shopper
        as(Tokens.channel("shop-a")).get("/customers/{id}", customerId).then().statusCode(403).body("field", is("customerId"));
        assertThat(Shoppers.bind(Tokens.channel("shop-a"), phone, uid("acct"))).isEqualTo(customerId);
        as(Tokens.channel("shop-a")).get("/customers/{id}", customerId).then().statusCode(200)
                .body("orders.orderId", contains(mine)).body("phone", is(phone));
        // another channel that never bound this shopper: not its customer, whatever it sold
        as(Tokens.channel("shop-b")).get("/customers/{id}", customerId).then().statusCode(403);
        as(Tokens.channel("shop-a")).get("/customers/{id}", "cus_unknown").then().statusCode(403);
    }
}
