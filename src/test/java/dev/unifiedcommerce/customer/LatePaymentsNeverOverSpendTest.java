package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.customer.PointsCheckoutHttpTest.*;
import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * A payment that arrives after its order was cancelled (or expired) takes its code's use and its points again only
 * within their limits; when they went elsewhere meanwhile, the payment is refunded automatically with a payment issue.
 */
@QuarkusTest
class LatePaymentsNeverOverSpendTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    static long redemptions(String code) { return as(Tokens.admin()).get("/promotions/{code}", code).then().extract().jsonPath().getLong("redemptions"); }

    boolean refundAsked(String paymentIntentId) {
        return stripe.requests().stream().anyMatch(r -> r.path().equals("/v1/refunds") && paymentIntentId.equals(r.params().get("payment_intent")));
    }

    @Test
    void aLatePaymentWhoseSingleUseCodeWentToAnotherOrderIsRefundedAndTheCodeIsUsedOnce() {
        String[] s = seeded(5);
        String code = uid("ONCE").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "AMOUNT", "amountOff", Map.of("amount", 100, "currency", "usd"), "maxRedemptions", 1,
                "validUntil", Instant.now().plus(1, ChronoUnit.DAYS).toString())).put("/promotions/{code}", code).then().statusCode(200);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("promotionCode", code);
        JsonPath first = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        as(Tokens.channel()).post("/orders/{id}/cancel", first.getString("orderId")).then().statusCode(200);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201); // the use, given back, is taken by another order
        assertThat(redemptions(code)).isEqualTo(1);

        pay(first); // the shopper had paid the first order just before it was cancelled
        as(Tokens.admin()).get("/orders/{id}", first.getString("orderId")).then().body("status", is("NEEDS_ATTENTION"));
        assertThat(redemptions(code)).isEqualTo(1);
        assertThat(refundAsked(first.getString("payment.paymentIntentId"))).isTrue();
        assertThat(available(s[0])).isEqualTo(4); // the second order's unit; the first's re-hold was given back
        as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/payment-issues").then().statusCode(200)
                .body("items.orderId", hasItem(first.getString("orderId")));
    }

    @Test
    void aLatePaymentWhosePointsWereSpentMeanwhileIsRefundedAndTheBalanceNeverGoesBelowZero() {
        Shop shop = shopWithCustomerHolding(1000);
        JsonPath first = as(Tokens.channel()).body(spending(shop, 1, 1000)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        as(Tokens.channel()).post("/orders/{id}/cancel", first.getString("orderId")).then().statusCode(200);
        assertThat(balance(shop.customerId())).isEqualTo(1000);
        as(Tokens.channel()).body(spending(shop, 1, 1000)).post("/checkouts").then().statusCode(201);
        assertThat(balance(shop.customerId())).isZero();

        pay(first);
        as(Tokens.admin()).get("/orders/{id}", first.getString("orderId")).then().body("status", is("NEEDS_ATTENTION"))
                .body("timeline.detail", hasItem(containsString("points were spent meanwhile")));
        assertThat(balance(shop.customerId())).isZero();
        assertThat(refundAsked(first.getString("payment.paymentIntentId"))).isTrue();
    }

    @Test
    void aLatePaymentWhoseCodeAndPointsAreStillThereTakesThemAgain() {
        Shop shop = shopWithCustomerHolding(1000);
        JsonPath first = as(Tokens.channel()).body(spending(shop, 1, 500)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        as(Tokens.channel()).post("/orders/{id}/cancel", first.getString("orderId")).then().statusCode(200);
        pay(first);
        as(Tokens.admin()).get("/orders/{id}", first.getString("orderId")).then().body("status", is("PAID"));
        assertThat(balance(shop.customerId())).isEqualTo(1000 - 500 + 7); // 7: 1% of the 700 cents paid
    }
}
