package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** A code spent at checkout: the same rules in every channel, its discount on every line, its uses exact and given back. */
@QuarkusTest
class PromotionCheckoutHttpTest {
    static final String NEXT_MONTH = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void reset() {
        TestClock.reset();
        stripe.sendEventsTo(null, null);
    }

    static String code(Map<String, Object> rules) {
        String code = uid("SALE");
        Map<String, Object> body = new HashMap<>(Map.of("description", "test", "validUntil", NEXT_MONTH));
        body.putAll(rules);
        as(Tokens.admin()).body(body).put("/promotions/{code}", code).then().statusCode(200);
        return code.toUpperCase(); // as it is kept
    }

    static Map<String, Object> amountOff(long amount) {
        return new HashMap<>(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", amount, "currency", "usd")));
    }

    static Map<String, Object> withCode(Map<String, Object> checkout, String code) {
        Map<String, Object> body = new HashMap<>(checkout);
        body.put("promotionCode", code);
        return body;
    }

    static long redemptions(String code) { return as(Tokens.admin()).get("/promotions/{code}", code).then().extract().jsonPath().getLong("redemptions"); }

    static int available(String sku) { return as(Tokens.admin()).get("/inventory/{sku}", sku).then().extract().path("locations[0].available"); }

    /** A customer known by phone (made by a first checkout), as a channel's signed-in shopper. */
    static String customer(String[] s) {
        String phone = Phones.unique("+8170");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("phone", phone));
        String orderId = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200);
        // then signed in at the channel: the phone verified, the shopper bound to the customer
        String customerId = Shoppers.bind(Tokens.channel(), phone, uid("acct"));
        assertThat(as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().<String>path("customerId")).isEqualTo(customerId);
        return customerId;
    }

    static Map<String, Object> vouched(Map<String, Object> checkout, String customerId) {
        Map<String, Object> body = new HashMap<>(checkout);
        body.put("customer", Map.of("customerId", customerId));
        return body;
    }

    void pay(JsonPath order) {
        String pi = order.getString("payment.paymentIntentId");
        stripe.succeed(pi);
        // signed at the application's time (a test may have moved its clock on)
        Events.deliver(Events.paymentIntentSucceeded(pi, order.getString("orderId"), order.getLong("total.amount")).toString(), Events.SECRET,
                new TestClock().instant().getEpochSecond()).then().statusCode(200);
    }

    @Test
    void aCodeIsSplitOverTheLinesByLargestRemainderAndStripeChargesTheDiscountedTotal() {
        String[] a = seeded(5), b = seeded(5), c = seeded(5);
        String code = code(amountOff(100));
        Map<String, Object> body = withCode(cardCheckout(a[0], a[1], 1), code.toLowerCase());
        body.put("lines", List.of(Map.of("sku", a[0], "quantity", 1), Map.of("sku", b[0], "quantity", 1), Map.of("sku", c[0], "quantity", 1)));
        body.put("fulfilment", Map.of("type", "SHIP"));
        stock(b[0], a[1], 5);
        stock(c[0], a[1], 5);
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201)
                .body("subtotal.amount", is(3600)).body("discounts", hasSize(1)).body("discounts[0].type", is("PROMOTION"))
                .body("discounts[0].code", is(code)).body("discounts[0].amount.amount", is(100)).body("total.amount", is(3500))
                .extract().jsonPath();
        // 100 over three equal lines: 33 each, the unit left over to the first line
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("lines.discount.amount", contains(34, 33, 33))
                .body("subtotal.amount", is(3600)).body("total.amount", is(3500));
        assertThat(stripe.object(o.getString("payment.paymentIntentId")).orElseThrow().get("amount").asLong()).isEqualTo(3500);
        assertThat(redemptions(code)).isEqualTo(1);
        pay(o);
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID"));
    }

    @Test
    void everyRefusalNamesTheCodeAndItsReasonAndHoldsAndSpendsNothing() {
        String[] s = seeded(5);
        String customerId = customer(s);
        Map<String, Object> web = cardCheckout(s[0], s[1], 1);
        String past = Instant.now().minus(1, ChronoUnit.DAYS).toString(), later = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        Map<String, Object> inactive = amountOff(100), early = amountOff(100), expired = amountOff(100), pos = amountOff(100),
                elsewhere = amountOff(100), minimum = amountOff(100), perCustomer = amountOff(100), tooMuch = amountOff(1180);
        inactive.put("active", false);
        early.put("validFrom", later);
        expired.putAll(Map.of("validFrom", Instant.now().minus(2, ChronoUnit.DAYS).toString(), "validUntil", past));
        pos.put("channels", List.of("POS"));
        elsewhere.put("locationIds", List.of("another-store"));
        minimum.put("minimumSpend", Map.of("amount", 5000, "currency", "usd"));
        perCustomer.put("maxPerCustomer", 1);
        Map<String, Object> jpy = new HashMap<>(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 100, "currency", "jpy")));
        Map<String, Object> refusals = new java.util.LinkedHashMap<>();
        refusals.put(uid("NOPE"), "UNKNOWN");
        refusals.put(code(inactive), "INACTIVE");
        refusals.put(code(early), "NOT_YET_VALID");
        refusals.put(code(expired), "EXPIRED");
        refusals.put(code(pos), "WRONG_CHANNEL");
        refusals.put(code(elsewhere), "WRONG_LOCATION");
        refusals.put(code(jpy), "WRONG_LOCATION");
        refusals.put(code(minimum), "BELOW_MINIMUM_SPEND");
        refusals.put(code(perCustomer), "CUSTOMER_REQUIRED"); // typed contact details never unlock a per-customer code
        refusals.put(code(tooMuch), "BELOW_MINIMUM_CHARGE"); // 20 cents left: less than a card can be charged
        java.util.Set<String> secret = java.util.Set.of("UNKNOWN", "INACTIVE", "NOT_YET_VALID", "EXPIRED");
        for (var r : refusals.entrySet()) {
            // a channel is not told which secret codes exist; staff keep the detail
            as(Tokens.channel()).body(withCode(web, r.getKey())).post("/checkouts").then().statusCode(422)
                    .contentType("application/problem+json").body("field", is("promotionCode"))
                    .body("reason", is(secret.contains(r.getValue()) ? "NOT_APPLICABLE" : r.getValue()))
                    .body("detail", not(emptyOrNullString())).body("detail", not(containsString("valid from")));
            as(Tokens.staff(s[1])).body(withCode(web, r.getKey())).post("/checkouts").then().statusCode(422).body("reason", is(r.getValue()));
        }
        // spent to its limit, overall and per customer
        Map<String, Object> once = amountOff(100);
        once.put("maxRedemptions", 1);
        String usedUp = code(once);
        as(Tokens.channel()).body(withCode(web, usedUp)).post("/checkouts").then().statusCode(201);
        as(Tokens.channel()).body(withCode(web, usedUp)).post("/checkouts").then().statusCode(422).body("reason", is("USED_UP"));
        String mine = code(perCustomer);
        as(Tokens.channel()).body(vouched(withCode(web, mine), customerId)).post("/checkouts").then().statusCode(201);
        as(Tokens.channel()).body(vouched(withCode(web, mine), customerId)).post("/checkouts").then().statusCode(422).body("reason", is("ALREADY_USED"));
        // a personal code belongs to its customer alone
        String other = customer(s);
        String personal = as(Tokens.staff(s[1])).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 300, "currency", "usd"), "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201).extract().path("code");
        as(Tokens.channel()).body(vouched(withCode(web, personal), other)).post("/checkouts").then().statusCode(422).body("reason", is("NOT_APPLICABLE"));
        as(Tokens.channel()).body(withCode(web, personal)).post("/checkouts").then().statusCode(422).body("reason", is("CUSTOMER_REQUIRED"));
        assertThat(redemptions(personal)).isZero();
        assertThat(redemptions(usedUp)).isEqualTo(1);
        assertThat(available(s[0])).isEqualTo(5 - 2); // the two orders that used their code; no refusal held anything
    }

    @Test
    void aCodeValidOnlyAtTheTillOfOneStoreWorksThereAndNowhereElse() {
        String[] s = seeded(5);
        String otherStore = uid("store");
        store(otherStore);
        stock(s[0], otherStore, 5);
        Map<String, Object> rules = new HashMap<>(Map.of("type", "PERCENT", "percentOff", 10, "channels", List.of("POS"), "locationIds", List.of(s[1])));
        String code = code(rules);
        Map<String, Object> till = new HashMap<>(Map.of("channel", "POS", "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]), "payment", Map.of("method", "CARD"), "promotionCode", code));
        as(Tokens.staff(s[1])).body(till).post("/checkouts").then().statusCode(201).body("total.amount", is(1080))
                .body("discounts[0].amount.amount", is(120));
        till.put("fulfilment", Map.of("type", "CARRY_OUT", "locationId", otherStore));
        as(Tokens.staff(otherStore)).body(till).post("/checkouts").then().statusCode(422).body("reason", is("WRONG_LOCATION"));
        as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(422).body("reason", is("WRONG_CHANNEL"));
        assertThat(redemptions(code)).isEqualTo(1);
    }

    @Test
    void anExpiredHoldGivesTheUseBackAndTheLastUseCanBeSpentAgain() throws Exception {
        String[] s = seeded(5);
        Map<String, Object> once = amountOff(100);
        once.put("maxRedemptions", 1);
        String code = code(once);
        String first = as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        assertThat(redemptions(code)).isEqualTo(1);
        TestClock.advance(Duration.ofMinutes(16));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);

        as(Tokens.admin()).get("/orders/{id}", first).then().body("status", is("EXPIRED"));
        assertThat(redemptions(code)).isZero();
        as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(201);
        assertThat(redemptions(code)).isEqualTo(1);
    }

    @Test
    void aPaymentArrivingAfterTheHoldRanOutSpendsTheUseAgain() throws Exception {
        String[] s = seeded(5);
        String code = code(amountOff(100));
        JsonPath o = as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        TestClock.advance(Duration.ofMinutes(16));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("EXPIRED"));
        assertThat(redemptions(code)).isZero();

        pay(o); // the shopper paid just before the hold ran out: the stock is held again and the order PAID with its discount
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID")).body("timeline.type", hasItem("STOCK_HELD_AGAIN"));
        assertThat(redemptions(code)).isEqualTo(1);
    }

    @Test
    void cancellingGivesTheUseBackButAFailedPaymentAttemptKeepsIt() {
        String[] s = seeded(5);
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
        String code = code(amountOff(100));
        JsonPath declined = as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(stripe.simulate(declined.getString("payment.paymentIntentId"), false)).containsExactly("payment_intent.payment_failed 200");
        assertThat(redemptions(code)).isEqualTo(1); // the shopper may try another card while the hold lasts
        as(Tokens.channel()).post("/orders/{id}/cancel", declined.getString("orderId")).then().statusCode(200).body("status", is("CANCELLED"));
        assertThat(redemptions(code)).isZero();
        assertThat(available(s[0])).isEqualTo(5);
    }

    @Test
    void aPaymentLinkThatExpiresAtStripeFirstGivesTheUseBack() {
        String[] s = seeded(5);
        String code = code(amountOff(100));
        Map<String, Object> body = withCode(cardCheckout(s[0], s[1], 1), code);
        body.put("payment", Map.of("method", "LINK"));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(redemptions(code)).isEqualTo(1);
        // Stripe's session expiry (its expires_at is the hold's) can reach us before the Sweeper does
        Events.deliver(Events.sessionExpired(o.getString("payment.checkoutSessionId"), o.getString("orderId"))).then().statusCode(200);
        Events.deliver(Events.sessionExpired(o.getString("payment.checkoutSessionId"), o.getString("orderId"))).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("EXPIRED"));
        assertThat(redemptions(code)).isZero(); // once, however often the event comes
    }

    @Test
    void aPersonalCodeWithoutALimitPerCustomerServesItsCustomerUpToItsMaximum() {
        String[] s = seeded(5);
        String customerId = customer(s);
        Map<String, Object> rules = amountOff(100);
        rules.putAll(Map.of("customerId", customerId, "maxRedemptions", 2));
        String code = code(rules);
        Map<String, Object> mine = vouched(withCode(cardCheckout(s[0], s[1], 1), code), customerId);
        String first = as(Tokens.channel()).body(mine).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", first).then().statusCode(200);
        as(Tokens.channel()).body(mine).post("/checkouts").then().statusCode(201);
        as(Tokens.channel()).body(mine).post("/checkouts").then().statusCode(201);
        as(Tokens.channel()).body(mine).post("/checkouts").then().statusCode(422).body("reason", is("USED_UP"));
    }

    @Test
    void goodsAPersonalCodePaidForInFullComeBackForNothingAndTheCodeWithThem() {
        String[] s = seeded(5);
        String customerId = customer(s);
        // 50 dollars: more than staff may give, so an admin issues it
        String personal = as(Tokens.admin()).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 5000, "currency", "usd"), "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201).extract().path("code");
        String orderId = as(Tokens.channel()).body(vouched(withCode(cardCheckout(s[0], s[1], 2), personal), customerId)).post("/checkouts")
                .then().statusCode(201).body("status", is("PAID")).body("total.amount", is(0)).extract().path("orderId");
        int stripeBefore = stripe.requests().size();
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)), "restockLocationId", s[1]))
                .post("/orders/{id}/refunds", orderId).then().statusCode(201).body("amount.amount", is(0)).body("status", is("succeeded"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID")); // one unit still out
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)), "restockLocationId", s[1]))
                .post("/orders/{id}/refunds", orderId).then().statusCode(201).body("amount.amount", is(0));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("REFUNDED"));
        assertThat(stripe.requests().size()).isEqualTo(stripeBefore);
        assertThat(available(s[0])).isEqualTo(5);
        as(Tokens.staff(s[1])).get("/customers/{id}", customerId).then().body("promotions.code", hasItem(personal));
    }

    @Test
    void aRefundOfSomeUnitsGivesBackWhatWasPaidForThemNotTheirListPrice() {
        String[] s = seeded(5);
        String code = code(amountOff(150));
        JsonPath o = as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 2), code)).post("/checkouts").then().statusCode(201)
                .body("total.amount", is(2250)).extract().jsonPath();
        pay(o);
        // 2 units of 1200 with 150 off: the first unit back is 1200 - 75
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)))).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201).body("amount.amount", is(1125));
        assertThat(stripe.requests()).anyMatch(r -> r.path().equals("/v1/refunds") && "1125".equals(r.params().get("amount")));
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)))).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201).body("amount.amount", is(1125));
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("REFUNDED")).body("refunded.amount", is(2250));
        assertThat(redemptions(code)).isEqualTo(1); // a public code's use stays spent
    }

    @Test
    void aFullRefundGivesAPersonalCodeBackToItsCustomer() {
        String[] s = seeded(5);
        String customerId = customer(s);
        String personal = as(Tokens.staff(s[1])).body(Map.of("type", "PERCENT", "percentOff", 20, "validUntil", NEXT_MONTH))
                .post("/customers/{id}/promotions", customerId).then().statusCode(201).extract().path("code");
        JsonPath o = as(Tokens.channel()).body(vouched(withCode(cardCheckout(s[0], s[1], 1), personal), customerId)).post("/checkouts")
                .then().statusCode(201).body("total.amount", is(960)).body("customerId", is(customerId)).extract().jsonPath();
        pay(o);
        as(Tokens.staff(s[1])).get("/customers/{id}", customerId).then().body("promotions.code", not(hasItem(personal)));
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)))).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201).body("amount.amount", is(960));
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("REFUNDED"));
        as(Tokens.staff(s[1])).get("/customers/{id}", customerId).then().body("promotions.code", hasItem(personal));
    }

    @Test
    void aPaymentLinkShowsTheDiscountOnStripesPageAsOneCouponForThatSessionOnly() {
        String[] s = seeded(5);
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
        Map<String, Object> rules = new HashMap<>(Map.of("type", "PERCENT", "percentOff", 25, "channels", List.of("SMS", "CHAT")));
        String code = code(rules);
        Map<String, Object> body = withCode(cardCheckout(s[0], s[1], 2), code);
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", "+81 90-1234-5678")));
        JsonPath o = as(Tokens.staff(s[1])).body(body).post("/checkouts").then().statusCode(201).body("total.amount", is(1800)).extract().jsonPath();
        var session = stripe.object(o.getString("payment.checkoutSessionId")).orElseThrow();
        assertThat(session.get("amount_subtotal").asLong()).isEqualTo(2400);
        assertThat(session.get("amount_total").asLong()).isEqualTo(1800);
        var coupon = stripe.object(session.get("discounts").get(0).get("coupon").asText()).orElseThrow();
        assertThat(coupon.get("amount_off").asLong()).isEqualTo(600);
        assertThat(coupon.get("currency").asText()).isEqualTo("usd");
        assertThat(coupon.get("duration").asText()).isEqualTo("once");
        assertThat(coupon.get("max_redemptions").asLong()).isEqualTo(1);
        assertThat(coupon.get("redeem_by").asLong()).isEqualTo(session.get("expires_at").asLong());
        assertThat(stripe.requests()).filteredOn(r -> r.path().equals("/v1/coupons")).allMatch(r -> r.idempotencyKey() != null);
        given().get(o.getString("payment.url")).then().statusCode(200)
                .body(containsString("Subtotal 2400 usd"), containsString(code + ") -600 usd"), containsString("Total due 1800 usd"));

        assertThat(stripe.simulate(o.getString("payment.checkoutSessionId"), true)).containsExactly("checkout.session.completed 200", "payment_intent.succeeded 200");
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID")); // the discounted total is what was owed
    }

    @Test
    void aTotalTheCodeCoversIsPaidWithoutStripe() {
        String[] s = seeded(5);
        String code = code(amountOff(5000));
        int before = stripe.requests().size();
        JsonPath o = as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), code)).post("/checkouts").then().statusCode(201)
                .body("status", is("PAID")).body("total.amount", is(0)).body("discounts[0].amount.amount", is(1200)).extract().jsonPath();
        assertThat(stripe.requests().size()).isEqualTo(before);
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID")).body("timeline.type", hasItem("PAID"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(4)).body("locations[0].reserved", is(0));
    }

    @Test
    void aCustomerIdTheCallerVouchesForMustExistAndStandsAlone() {
        String[] s = seeded(5);
        // a channel names only customers its shoppers are bound to; staff name any, and an unknown one is refused
        as(Tokens.channel()).body(vouched(cardCheckout(s[0], s[1], 1), "cus_nobody")).post("/checkouts").then().statusCode(403)
                .body("field", is("customer.customerId"));
        Map<String, Object> atTheTill = new HashMap<>(vouched(cardCheckout(s[0], s[1], 1), "cus_nobody"));
        atTheTill.put("channel", "POS");
        as(Tokens.staff(s[1])).body(atTheTill).post("/checkouts").then().statusCode(422).body("field", is("customer.customerId"));
        Map<String, Object> both = new HashMap<>(cardCheckout(s[0], s[1], 1));
        both.put("customer", Map.of("customerId", "cus_x", "phone", "+81 90-1234-5678"));
        as(Tokens.channel()).body(both).post("/checkouts").then().statusCode(400).body("field", is("customer.customerId"));
        as(Tokens.channel()).body(withCode(cardCheckout(s[0], s[1], 1), "not a code")).post("/checkouts").then().statusCode(400)
                .body("field", is("promotionCode"));
    }
}
