package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The stand-in plays the shopper and sends Stripe's signed events to our endpoint, as scripts/simulate-payment does locally. */
@QuarkusTest
class SimulatedPaymentTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    @Test
    void aCardPaymentSendsPaymentIntentSucceededAndChargeSucceededAndTheOrderIsPaid() {
        String[] s = seeded(2);
        JsonPath o = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        var delivered = stripe.simulate(o.getString("payment.paymentIntentId"), true);
        assertThat(delivered).containsExactly("payment_intent.succeeded 200", "charge.succeeded 200");
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID"));
    }

    @Test
    void aPaymentLinkSendsSessionCompletedAndPaymentIntentSucceededAndTheOrderIsPaidOnce() {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("payment", Map.of("method", "LINK"));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        var delivered = stripe.simulate(o.getString("payment.checkoutSessionId"), true);
        assertThat(delivered).containsExactly("checkout.session.completed 200", "payment_intent.succeeded 200");
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID"))
                .body("timeline.findAll { it.type == 'PAID' }.size()", is(1));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(1));
    }

    @Test
    void aDeclinedCardLeavesTheOrderAwaitingPaymentWithItsHold() {
        String[] s = seeded(2);
        JsonPath o = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(stripe.simulate(o.getString("payment.paymentIntentId"), false)).containsExactly("payment_intent.payment_failed 200");
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("AWAITING_PAYMENT"))
                .body("timeline.find { it.type == 'PAYMENT_FAILED' }.detail", containsString("declined"));
    }
}
