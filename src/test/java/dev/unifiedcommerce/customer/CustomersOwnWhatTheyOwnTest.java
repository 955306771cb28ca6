package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * A typed phone or e-mail identifies a customer but never unlocks what they own (DESIGN.md "Who may spend what"): a
 * channel uses a customer only for a shopper it verified and bound; staff spend a customer's value with the shopper's proof.
 */
@QuarkusTest
class CustomersOwnWhatTheyOwnTest {
    static final Map<String, Object> JINGUMAE = Map.of("name", "Aiko", "line1", "1-2-3 Jingumae", "city", "Tokyo", "postalCode", "150-0001", "country", "JP");
    static final Map<String, Object> UMEDA = Map.of("name", "Aiko", "line1", "9-9 Umeda", "city", "Osaka", "postalCode", "530-0001", "country", "JP");

    final String shop = Tokens.channel("shop-a"), evil = Tokens.channel("evil");

    @Inject
    DynamoDbClient dynamoDb;

    @AfterEach
    void resetClock() { TestClock.reset(); }

    record Shop(String sku, String store) {}

    static Shop shop() {
        String[] s = seeded(50);
        return new Shop(s[0], s[1]);
    }

    static Map<String, Object> shipped(Shop s, Map<String, Object> customer, Map<String, Object> shipTo) {
        Map<String, Object> body = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        body.put("fulfilment", Map.of("type", "SHIP"));
        body.put("customer", customer);
        if (shipTo != null) body.put("shipTo", shipTo);
        else body.put("shipToAddressOnFile", true);
        return body;
    }

    /** A pickup ordered at the shop's store (a customer of that store, to its staff). */
    void boughtAt(Shop s, Map<String, Object> customer) {
        Map<String, Object> body = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        body.put("customer", customer);
        as(shop).body(body).post("/checkouts").then().statusCode(201);
    }

    static JsonPath staffLookup(Shop s, String phone) {
        return as(Tokens.staff(s.store())).queryParam("phone", phone).get("/customers").then().statusCode(200).extract().jsonPath();
    }

    // ---- finding 1: a typed phone never plants an address ----

    @Test
    void anAddressTypedBesideAPhoneStaysOnTheOrderAndNeverBecomesTheShoppersAddressOnFile() {
        Shop s = shop();
        String phone = Shoppers.newMobile(), ref = uid("acct");
        String customerId = Shoppers.bind(shop, phone, ref);
        as(shop).body(shipped(s, Map.of("shopperRef", ref), JINGUMAE)).post("/checkouts").then().statusCode(201);

        String planted = as(evil).body(shipped(s, Map.of("phone", phone), UMEDA)).post("/checkouts").then().statusCode(201)
                .body("customerId", nullValue()).extract().path("orderId");
        as(evil).post("/orders/{id}/cancel", planted).then().statusCode(200);

        as(Tokens.admin()).get("/orders/{id}", planted).then().body("shipTo.line1", is("9-9 Umeda")).body("customerId", is(customerId));
        assertThat(staffLookup(s, phone).getList("addresses.address.line1")).containsExactly("1-2-3 Jingumae");
        String next = as(shop).body(shipped(s, Map.of("shopperRef", ref), null)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.admin()).get("/orders/{id}", next).then().body("shipTo.line1", is("1-2-3 Jingumae"));
    }

    // ---- finding 2: the id is never handed out, and an id is no key ----

    @Test
    void aChannelIsNeverToldTheIdOfACustomerItDidNotBind() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        JsonPath o = as(evil).body(shipped(s, Map.of("phone", phone), UMEDA)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(o.getString("customerId")).isNull();
        as(evil).get("/orders/{id}", o.getString("orderId")).then().statusCode(200).body("customerId", nullValue());
        // the order still joins the customer's history for staff
        assertThat(staffLookup(s, phone).getList("orders.orderId")).contains(o.getString("orderId"));
    }

    @Test
    void anUnboundCustomerIdIsRefusedBeforeAnyOtherRule() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        String customerId = Shoppers.bind(shop, phone, uid("acct"));
        as(evil).get("/customers/{id}", customerId).then().statusCode(403).contentType("application/problem+json").body("field", is("customerId"));
        // 403, not 422 for the missing address: the id is checked first
        as(evil).body(shipped(s, Map.of("customerId", customerId), null)).post("/checkouts").then().statusCode(403)
                .body("field", is("customer.customerId"));
        Map<String, Object> points = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        points.put("customer", Map.of("customerId", customerId));
        points.put("redeemPoints", 1);
        as(evil).body(points).post("/checkouts").then().statusCode(403).body("field", is("customer.customerId"));
        // the channel that bound the shopper uses the id freely
        as(shop).get("/customers/{id}", customerId).then().statusCode(200).body("customerId", is(customerId)).body("phone", is(phone));
    }

    // ---- finding 3: another channel cannot spend a personal code ----

    @Test
    void aPersonalCodeIsSpentOnlyByTheShopperItsChannelVerified() {
        Shop s = shop();
        String phone = Shoppers.newMobile(), ref = uid("acct");
        String customerId = Shoppers.bind(shop, phone, ref);
        boughtAt(s, Map.of("shopperRef", ref)); // staff issue personal codes to their own stores' customers
        String code = as(Tokens.staff(s.store())).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", "2099-01-01T00:00:00Z"))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201).extract().path("code");
        Map<String, Object> stolen = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        stolen.put("customer", Map.of("customerId", customerId));
        stolen.put("promotionCode", code);
        as(evil).body(stolen).post("/checkouts").then().statusCode(403).body("field", is("customer.customerId"));
        Map<String, Object> typed = new HashMap<>(stolen);
        typed.put("customer", Map.of("phone", phone));
        as(evil).body(typed).post("/checkouts").then().statusCode(422).body("field", is("promotionCode"));
        Map<String, Object> own = new HashMap<>(stolen);
        own.put("customer", Map.of("shopperRef", ref));
        as(shop).body(own).post("/checkouts").then().statusCode(201).body("total.amount", is(1080)).body("customerId", is(customerId));
    }

    // ---- the verification itself ----

    @Test
    void aConfirmedCodeFindsTheCustomerWithThatPhoneAndBindsTheShopper() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        String typed = as(Tokens.channel()).body(shipped(s, Map.of("phone", phone), JINGUMAE)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        String existing = as(Tokens.admin()).get("/orders/{id}", typed).then().extract().path("customerId");
        var started = as(shop).body(Map.of("phone", phone, "shopperRef", "acct-1")).post("/customers/verifications").then().statusCode(202)
                .body("sentTo", allOf(startsWith("+81"), endsWith(phone.substring(phone.length() - 4)), not(containsString(phone.substring(3, 9)))))
                .body("expiresAt", notNullValue()).extract().jsonPath();
        as(shop).body(Map.of("code", Shoppers.codeSentTo(phone))).post("/customers/verifications/{id}/confirm", started.getString("verificationId"))
                .then().statusCode(200).body("customerId", is(existing));
        Map<String, Object> bound = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        bound.put("customer", Map.of("shopperRef", "acct-1"));
        as(shop).body(bound).post("/checkouts").then().statusCode(201).body("customerId", is(existing));
    }

    @Test
    void anEmailTypedBesideSomeonesPhoneDoesNotLeadItsOwnerToThem() {
        Shop s = shop();
        String phone = Shoppers.newMobile(), mine = uid("evil").toLowerCase() + "@example.com";
        // someone types a shopper's phone with their own e-mail; the shopper keeps buying by phone
        String order = as(evil).body(shipped(s, Map.of("phone", phone, "email", mine), UMEDA)).post("/checkouts").then().statusCode(201)
                .extract().path("orderId");
        String shoppers = as(Tokens.admin()).get("/orders/{id}", order).then().extract().path("customerId");
        // proving the e-mail leads to a customer of its own, not to the phone's owner
        String proven = Shoppers.confirm(evil, Shoppers.start(evil, Map.of("email", mine, "shopperRef", "acct-evil")), mine);
        assertThat(proven).isNotEqualTo(shoppers);
        as(evil).get("/customers/{id}", shoppers).then().statusCode(403);
    }

    @Test
    void aShopperBoundAgainToAnotherPhoneLeavesTheFirstCustomerBehind() {
        String ref = uid("acct");
        String first = Shoppers.bind(shop, Shoppers.newMobile(), ref);
        as(shop).get("/customers/{id}", first).then().statusCode(200);
        String second = Shoppers.bind(shop, Shoppers.newMobile(), ref);
        assertThat(second).isNotEqualTo(first);
        as(shop).get("/customers/{id}", first).then().statusCode(403);
        as(shop).get("/customers/{id}", second).then().statusCode(200);
    }

    @Test
    void aChannelThatNamedNoShopperIsToldTheContactIsProvenButNotWhoseItIs() {
        String phone = Shoppers.newMobile();
        String id = Shoppers.start(shop, Map.of("phone", phone));
        as(shop).body(Map.of("code", Shoppers.codeSentTo(phone))).post("/customers/verifications/{id}/confirm", id).then().statusCode(200)
                .body("verified", is(true)).body("customerId", nullValue());
        // the proof vouches at its checkout, and still names nobody to the channel
        Shop s = shop();
        Map<String, Object> body = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        body.put("customer", Map.of("verificationId", id));
        as(shop).body(body).post("/checkouts").then().statusCode(201).body("customerId", nullValue());
    }

    @Test
    void aShopperRefNoCodeConfirmedIsRefusedNamingIt() {
        Shop s = shop();
        Map<String, Object> body = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        body.put("customer", Map.of("shopperRef", uid("never-verified")));
        as(shop).body(body).post("/checkouts").then().statusCode(422).body("field", is("customer.shopperRef")).body("reason", is("SHOPPER_NOT_VERIFIED"));
    }

    @Test
    void aWrongCodeIsRefusedNamingItAndFiveWrongTriesCloseTheVerification() {
        String phone = Shoppers.newMobile();
        String id = Shoppers.start(shop, Map.of("phone", phone, "shopperRef", uid("acct")));
        String right = Shoppers.codeSentTo(phone), wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 4; i >= 0; i--) {
            as(shop).body(Map.of("code", wrong)).post("/customers/verifications/{id}/confirm", id).then().statusCode(422)
                    .contentType("application/problem+json").body("field", is("code")).body("triesLeft", is(i));
        }
        as(shop).body(Map.of("code", right)).post("/customers/verifications/{id}/confirm", id).then().statusCode(410);
    }

    @Test
    void onlyTheCallerThatStartedAVerificationMayConfirmIt() {
        String phone = Shoppers.newMobile();
        String id = Shoppers.start(shop, Map.of("phone", phone, "shopperRef", uid("acct")));
        as(evil).body(Map.of("code", Shoppers.codeSentTo(phone))).post("/customers/verifications/{id}/confirm", id).then().statusCode(404);
        Shoppers.confirm(shop, id, phone);
        as(shop).body(Map.of("code", Shoppers.codeSentTo(phone))).post("/customers/verifications/{id}/confirm", id).then().statusCode(410);
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        String phone = Shoppers.newMobile();
        String id = Shoppers.start(shop, Map.of("phone", phone));
        TestClock.advance(Duration.ofMinutes(10).plusSeconds(1));
        as(shop).body(Map.of("code", Shoppers.codeSentTo(phone))).post("/customers/verifications/{id}/confirm", id).then().statusCode(410);
    }

    @Test
    void theCodeIsKeptOnlyAsAKeyedHash() {
        String phone = Shoppers.newMobile();
        String id = Shoppers.start(shop, Map.of("phone", phone));
        String code = Shoppers.codeSentTo(phone);
        var item = dynamoDb.getItem(b -> b.tableName("commerce-test").key(Keys.verification(id).asMap())).item();
        assertThat(item.values().stream().map(v -> String.valueOf(v.s()))).noneMatch(v -> v.contains(code));
        assertThat(item.get("codeHash").s()).hasSizeGreaterThan(40);
    }

    @Test
    void codesGoOnlyToNumbersThatCanBeMobiles() {
        // a digit short: a possible landline length in Japan, never a mobile's
        as(Tokens.staff("store-ginza")).body(Map.of("phone", "+81 90-1234-567")).post("/customers/verifications").then().statusCode(422)
                .body("field", is("phone"));
        as(shop).body(Map.of("phone", "+81 3-1234-5678")).post("/customers/verifications").then().statusCode(422).body("field", is("phone"));
        as(shop).body(Map.of("phone", "+81 90-1234-5678", "email", "a@example.com")).post("/customers/verifications").then().statusCode(400)
                .body("field", is("phone"));
        as(Tokens.staff("store-ginza")).body(Map.of("phone", "+819012345678", "shopperRef", "x")).post("/customers/verifications").then()
                .statusCode(400).body("field", is("shopperRef"));
    }

    @Test
    void anEmailCodeGoesToTheEmailOutboxAndFindsTheCustomerByEmail() {
        String email = uid("aiko").toLowerCase() + "@example.com";
        String id = Shoppers.start(shop, Map.of("email", email.toUpperCase(), "shopperRef", uid("acct")));
        assertThat(Shoppers.codeSentTo(email)).hasSize(6);
        String customerId = Shoppers.confirm(shop, id, email);
        as(Tokens.admin()).queryParam("email", email).get("/customers").then().statusCode(200).body("customerId", is(customerId));
    }

    @Test
    void tooManyCodesToOneNumberAreRefusedWithRetryAfter() {
        String phone = Shoppers.newMobile();
        for (int i = 0; i < 5; i++) Shoppers.start(Tokens.channel(uid("shop")), Map.of("phone", phone, "shopperRef", uid("acct")));
        as(shop).body(Map.of("phone", phone, "shopperRef", uid("acct"))).post("/customers/verifications").then().statusCode(429)
                .header("Retry-After", notNullValue()).body("field", is("phone"));
    }

    @Test
    void tooManyCodesForOneShopperAreRefusedWhateverTheNumber() {
        String ref = uid("acct");
        for (int i = 0; i < 5; i++) Shoppers.start(shop, Map.of("phone", Shoppers.newMobile(), "shopperRef", ref));
        as(shop).body(Map.of("phone", Shoppers.newMobile(), "shopperRef", ref)).post("/customers/verifications").then().statusCode(429)
                .body("field", is("shopperRef"));
        // another shopper of the same channel is not held up
        Shoppers.start(shop, Map.of("phone", Shoppers.newMobile(), "shopperRef", uid("acct")));
    }

    @Test
    void aReplayedStartSendsNoSecondCode() {
        String phone = Shoppers.newMobile();
        String first = as(shop).header("Idempotency-Key", "verify-" + phone).body(Map.of("phone", phone)).post("/customers/verifications")
                .then().statusCode(202).extract().path("verificationId");
        String code = Shoppers.codeSentTo(phone);
        as(shop).header("Idempotency-Key", "verify-" + phone).body(Map.of("phone", phone)).post("/customers/verifications")
                .then().statusCode(202).body("verificationId", is(first));
        assertThat(Shoppers.codeSentTo(phone)).isEqualTo(code);
        Shoppers.confirm(shop, first, phone);
    }

    // ---- staff at the till ----

    @Test
    void staffNamingACustomerWithoutProofSpendNothingOfTheirs() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        String customerId = Shoppers.bind(shop, phone, uid("acct"));
        boughtAt(s, Map.of("phone", phone));
        String code = as(Tokens.staff(s.store())).body(Map.of("type", "PERCENT", "percentOff", 10, "validUntil", "2099-01-01T00:00:00Z"))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201).extract().path("code");
        Map<String, Object> till = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        till.put("channel", "POS");
        till.put("customer", Map.of("customerId", customerId));
        till.put("promotionCode", code);
        as(Tokens.staff(s.store())).body(till).post("/checkouts").then().statusCode(422).body("field", is("promotionCode"));
        till.remove("promotionCode");
        till.put("redeemPoints", 1);
        as(Tokens.staff(s.store())).body(till).post("/checkouts").then().statusCode(422).body("field", is("redeemPoints"))
                .body("reason", is("PROOF_REQUIRED"));

        String proof = Shoppers.proveAtTill(Tokens.staff(s.store()), phone);
        till.remove("redeemPoints");
        till.put("promotionCode", code);
        till.put("customer", Map.of("customerId", customerId, "verificationId", proof));
        String orderId = as(Tokens.staff(s.store())).body(till).post("/checkouts").then().statusCode(201).body("total.amount", is(1080))
                .body("customerId", is(customerId)).extract().path("orderId");
        assertThat(as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().jsonPath().getList("timeline.detail", String.class))
                .anyMatch(d -> d.contains("vouched by") && d.contains(proof));
        // another member of staff cannot use this one's proof
        as(Tokens.staff(s.store(), "other-store")).body(till).post("/checkouts").then().statusCode(422).body("field", is("customer.verificationId"));
    }

    @Test
    void aProofFromTheTillLapsesAfterHalfAnHour() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        String proof = Shoppers.proveAtTill(Tokens.staff(s.store()), phone);
        TestClock.advance(Duration.ofMinutes(31));
        Map<String, Object> till = new HashMap<>(cardCheckout(s.sku(), s.store(), 1));
        till.put("channel", "POS");
        till.put("customer", Map.of("verificationId", proof));
        as(Tokens.staff(s.store())).body(till).post("/checkouts").then().statusCode(422).body("field", is("customer.verificationId"));
    }

    @Test
    void aVouchedAddressJoinsTheBookOnlyWithTheShoppersProof() {
        Shop s = shop();
        String phone = Shoppers.newMobile();
        String customerId = Shoppers.bind(shop, phone, uid("acct"));
        as(evil).body(Map.of("address", UMEDA)).put("/customers/{id}/addresses", customerId).then().statusCode(403);
        as(Tokens.staff(s.store())).body(Map.of("address", UMEDA)).put("/customers/{id}/addresses", customerId).then().statusCode(403)
                .body("field", is("verificationId"));
        as(shop).body(Map.of("address", JINGUMAE)).put("/customers/{id}/addresses", customerId).then().statusCode(200)
                .body("addresses[0].address.line1", is("1-2-3 Jingumae"));
        String proof = Shoppers.proveAtTill(Tokens.staff(s.store()), phone);
        as(Tokens.staff(s.store())).body(Map.of("address", UMEDA, "verificationId", proof)).put("/customers/{id}/addresses", customerId)
                .then().statusCode(200).body("addresses", hasSize(2)).body("addresses[0].address.line1", is("9-9 Umeda"));
    }
}
