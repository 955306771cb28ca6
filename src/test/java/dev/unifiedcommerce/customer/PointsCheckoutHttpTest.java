package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Loyalty points as a currency of their own: earned on what was paid, spent the same way in every channel. */
@QuarkusTest
class PointsCheckoutHttpTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void reset() {
        TestClock.reset();
        stripe.sendEventsTo(null, null);
    }

    /** A store selling a 12.00 usd item, and a customer who earned {@code points} (1% of a paid order of as many dollars). */
    record Shop(String sku, String store, String customerId, String phone) {}

    static Shop shopWithCustomerHolding(long points) {
        String[] s = seeded(20);
        String big = uid("BIG");
        product(big, points * 100, "usd");
        stock(big, s[1], 1);
        String phone = Shoppers.newMobile();
        // a shopper the web shop verified and bound: it may spend their points
        String customerId = Shoppers.bind(Tokens.channel(), phone, uid("acct"));
        Map<String, Object> body = new HashMap<>(cardCheckout(big, s[1], 1));
        body.put("customer", Map.of("phone", phone));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        pay(o);
        assertThat(balance(customerId)).isEqualTo(points);
        return new Shop(s[0], s[1], customerId, phone);
    }

    static void pay(JsonPath order) {
        String pi = order.getString("payment.paymentIntentId");
        StripeStandInResource.standIn().succeed(pi);
        // signed at the application's time (a test may have moved its clock on)
        Events.deliver(Events.paymentIntentSucceeded(pi, order.getString("orderId"), order.getLong("total.amount")).toString(), Events.SECRET,
                new TestClock().instant().getEpochSecond()).then().statusCode(200);
    }

    static long balance(String customerId) {
        return as(Tokens.admin()).get("/customers/{id}", customerId).then().statusCode(200).extract().jsonPath().getLong("loyaltyPoints");
    }

    static Map<String, Object> spending(Shop shop, int quantity, long points) {
        Map<String, Object> body = new HashMap<>(cardCheckout(shop.sku(), shop.store(), quantity));
        body.put("customer", Map.of("customerId", shop.customerId()));
        body.put("redeemPoints", points);
        return body;
    }

    static int available(String sku) { return as(Tokens.admin()).get("/inventory/{sku}", sku).then().extract().path("locations[0].available"); }

    @Test
    void pointsAreEarnedAsOnePercentOfWhatWasPaidAndShownWithTheirValue() {
        Shop shop = shopWithCustomerHolding(1000); // a 1,000 dollar order earned 1,000 points of 1 cent
        as(Tokens.admin()).get("/customers/{id}", shop.customerId()).then().body("loyaltyPoints", is(1000))
                .body("loyaltyValue.amount", is(1000)).body("loyaltyValue.currency", is("usd"));
    }

    @Test
    void pointsSpentOnTheWebComeOffTheTotalAndTheBalance() {
        Shop shop = shopWithCustomerHolding(1000);
        JsonPath o = as(Tokens.channel()).body(spending(shop, 1, 500)).post("/checkouts").then().statusCode(201)
                .body("subtotal.amount", is(1200)).body("discounts", hasSize(1)).body("discounts[0].type", is("POINTS"))
                .body("discounts[0].points", is(500)).body("discounts[0].amount.amount", is(500)).body("total.amount", is(700))
                .extract().jsonPath();
        assertThat(stripe.object(o.getString("payment.paymentIntentId")).orElseThrow().get("amount").asLong()).isEqualTo(700);
        assertThat(balance(shop.customerId())).isEqualTo(500);
        pay(o);
        assertThat(balance(shop.customerId())).isEqualTo(507); // 1% of the 7.00 paid
    }

    @Test
    void theSamePointsWorkAtTheTillAndThroughAPaymentLink() {
        Shop shop = shopWithCustomerHolding(1000);
        Map<String, Object> till = spending(shop, 1, 300);
        till.put("channel", "POS");
        till.put("fulfilment", Map.of("type", "CARRY_OUT", "locationId", shop.store()));
        // at the till the shopper proves who she is: the code sent to her phone, read back to the associate
        as(Tokens.staff(shop.store())).body(till).post("/checkouts").then().statusCode(422).body("reason", is("PROOF_REQUIRED"));
        till.put("customer", Map.of("customerId", shop.customerId(), "verificationId", Shoppers.proveAtTill(Tokens.staff(shop.store()), shop.phone())));
        as(Tokens.staff(shop.store())).body(till).post("/checkouts").then().statusCode(201).body("total.amount", is(900));

        Map<String, Object> link = spending(shop, 1, 400);
        link.put("channel", "CHAT");
        link.put("payment", Map.of("method", "LINK"));
        JsonPath o = as(Tokens.channel()).body(link).post("/checkouts").then().statusCode(201).body("total.amount", is(800)).extract().jsonPath();
        var session = stripe.object(o.getString("payment.checkoutSessionId")).orElseThrow();
        assertThat(session.get("amount_total").asLong()).isEqualTo(800);
        var coupon = stripe.object(session.get("discounts").get(0).get("coupon").asText()).orElseThrow();
        assertThat(coupon.get("amount_off").asLong()).isEqualTo(400);
        assertThat(coupon.get("name").asText()).isEqualTo("400 points");
        assertThat(balance(shop.customerId())).isEqualTo(300);
    }

    @Test
    void aPromotionCodeAppliesFirstAndThePointsPayFromWhatIsLeft() {
        Shop shop = shopWithCustomerHolding(2000);
        String code = uid("PTS").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "PERCENT", "percentOff", 50, "validUntil", java.time.Instant.now().plus(Duration.ofDays(1)).toString()))
                .put("/promotions/{code}", code).then().statusCode(200);
        Map<String, Object> body = spending(shop, 1, 600);
        body.put("promotionCode", code);
        // 1200 less 50% is 600: the points may pay all of that, no more
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).body("discounts.type", contains("PROMOTION", "POINTS"))
                .body("discounts[0].amount.amount", is(600)).body("discounts[1].amount.amount", is(600)).body("total.amount", is(0))
                .body("status", is("PAID"));
        body.put("redeemPoints", 601);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(422).body("field", is("redeemPoints"))
                .body("reason", is("OVER_SHARE")).body("limit", is(600)).body("detail", containsString("600"));
    }

    @Test
    void spendingOverTheBalanceOrWithoutAVouchedCustomerIsRefusedAndHoldsNothing() {
        Shop shop = shopWithCustomerHolding(100);
        as(Tokens.channel()).body(spending(shop, 1, 101)).post("/checkouts").then().statusCode(422).contentType("application/problem+json")
                .body("field", is("redeemPoints")).body("reason", is("OVER_BALANCE")).body("limit", is(100)).body("detail", containsString("100 points"));
        Map<String, Object> byPhone = spending(shop, 1, 50);
        byPhone.put("customer", Map.of("phone", "+81 90-1234-5678"));
        as(Tokens.channel()).body(byPhone).post("/checkouts").then().statusCode(422).body("field", is("redeemPoints")).body("reason", is("CUSTOMER_REQUIRED"));
        as(Tokens.channel()).body(spending(shop, 1, 0)).post("/checkouts").then().statusCode(400).body("field", is("redeemPoints"));
        // 12.00 less 11.80 would leave 0.20: less than a card can be charged
        Shop rich = shopWithCustomerHolding(2000);
        as(Tokens.channel()).body(spending(rich, 1, 1180)).post("/checkouts").then().statusCode(422).body("field", is("redeemPoints"))
                .body("reason", is("BELOW_MINIMUM_CHARGE"));
        assertThat(balance(shop.customerId())).isEqualTo(100);
        assertThat(balance(rich.customerId())).isEqualTo(2000);
        assertThat(available(shop.sku())).isEqualTo(20);
    }

    @Test
    void expiryAndCancelGiveThePointsBackButAFailedCardAttemptDoesNot() throws Exception {
        Shop shop = shopWithCustomerHolding(1000);
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
        JsonPath declined = as(Tokens.channel()).body(spending(shop, 1, 400)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(stripe.simulate(declined.getString("payment.paymentIntentId"), false)).containsExactly("payment_intent.payment_failed 200");
        assertThat(balance(shop.customerId())).isEqualTo(600);
        as(Tokens.channel()).post("/orders/{id}/cancel", declined.getString("orderId")).then().statusCode(200);
        assertThat(balance(shop.customerId())).isEqualTo(1000);

        String expiring = as(Tokens.channel()).body(spending(shop, 1, 700)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        assertThat(balance(shop.customerId())).isEqualTo(300);
        TestClock.advance(Duration.ofMinutes(16));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", expiring).then().body("status", is("EXPIRED"));
        assertThat(balance(shop.customerId())).isEqualTo(1000);
        as(Tokens.admin()).get("/customers/{id}", shop.customerId()).then().body("loyalty.reason", hasItems("SPENT", "RETURNED"));
    }

    @Test
    void aPaymentArrivingAfterTheHoldRanOutSpendsThePointsAgainWithWhatItEarns() throws Exception {
        Shop shop = shopWithCustomerHolding(1000);
        JsonPath o = as(Tokens.channel()).body(spending(shop, 1, 500)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        TestClock.advance(Duration.ofMinutes(16));
        given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/sweeper-event.json"))).post("/_lambda_").then().statusCode(200);
        assertThat(balance(shop.customerId())).isEqualTo(1000);
        pay(o); // paid with the points after all: spent again, and 1% of the 7.00 paid earned, in one change of the balance
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID"));
        assertThat(balance(shop.customerId())).isEqualTo(1000 - 500 + 7);
    }

    @Test
    void aLineRefundReturnsItsPointsShareAndAnAmountRefundReturnsPointsInProportion() {
        Shop shop = shopWithCustomerHolding(1000);
        // 2 x 12.00 with 600 points: 18.00 paid, 300 points on each unit
        JsonPath o = as(Tokens.channel()).body(spending(shop, 2, 600)).post("/checkouts").then().statusCode(201).body("total.amount", is(1800)).extract().jsonPath();
        pay(o);
        long afterPaying = balance(shop.customerId()); // 400 left + 18 earned
        assertThat(afterPaying).isEqualTo(418);
        as(Tokens.staff(shop.store())).body(Map.of("lines", List.of(Map.of("sku", shop.sku(), "quantity", 1)))).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201).body("amount.amount", is(900));
        // 300 points back for the unit, the 9 earned on its 9.00 taken back
        assertThat(balance(shop.customerId())).isEqualTo(afterPaying + 300 - 9);
        as(Tokens.staff(shop.store())).body(Map.of("amount", Map.of("amount", 450, "currency", "usd"))).post("/orders/{id}/refunds", o.getString("orderId"))
                .then().statusCode(201);
        // half of what is left (9.00) in money: half of the 300 points left, and 4 of the 18 earned (rounded down)
        assertThat(balance(shop.customerId())).isEqualTo(afterPaying + 300 - 9 + 150 - 4);
    }
}
