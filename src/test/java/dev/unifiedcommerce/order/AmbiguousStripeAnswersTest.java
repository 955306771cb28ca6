package dev.unifiedcommerce.order;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * When Stripe's answer is lost (a timeout after it acted, a 5xx it replays, a request that never reached it), nothing
 * is undone that Stripe may have done, and the FollowUps function converges to exactly one effect at Stripe.
 */
@QuarkusTest
class AmbiguousStripeAnswersTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void calm() {
        stripe.clearFaults();
        TestClock.reset();
    }

    /** The FollowUps function's scheduled run, a few minutes later (after the deciding request had its chance). */
    static JsonPath followUpsRun() {
        TestClock.advance(Duration.ofMinutes(3));
        try {
            // the Lambda event server answers with the function's API Gateway response; the pass is its body
            JsonPath response = given().contentType(ContentType.JSON).body(Files.readString(Path.of("infra/follow-ups-event.json"))).post("/_lambda_")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(response.getInt("statusCode")).isEqualTo(200);
            return JsonPath.from(response.getString("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A paid card order of 2 units (2400 usd): {orderId, paymentIntentId, sku, store}. */
    String[] paidOrder() {
        String[] s = seeded(5);
        JsonPath o = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 2)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        stripe.succeed(o.getString("payment.paymentIntentId"));
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 2400)).then().statusCode(200);
        return new String[]{o.getString("orderId"), o.getString("payment.paymentIntentId"), s[0], s[1]};
    }

    Map<String, Object> refundOf(String sku, String store) {
        return Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)), "restockLocationId", store);
    }

    @Test
    void aRefundWhoseAnswerTimedOutIsPendingThenSettledWithOneStripeRefund() {
        String[] o = paidOrder();
        stripe.actThenLoseAnswer("/v1/refunds", 1, StripeStandIn.LostAnswer.TIMEOUT, 2_500);
        String refundId = as(Tokens.staff(o[3])).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(202).body("status", is("PENDING")).extract().path("refundId");
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(1200)).body("timeline.type", hasItem("REFUND_PENDING"));

        assertThat(followUpsRun().getInt("performed")).isGreaterThanOrEqualTo(1);

        assertThat(stripe.refundsFor(refundId)).isEqualTo(1);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("refunded.amount", is(1200))
                .body("timeline.findAll { it.type == 'REFUNDED' }.size()", is(1));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(4));
    }

    @Test
    void aRefundAnswered500AfterStripeActedIsSettledByReadingStripeNotByRefundingAgain() {
        String[] o = paidOrder();
        stripe.actThenLoseAnswer("/v1/refunds", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        String refundId = as(Tokens.staff(o[3])).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(202).extract().path("refundId");
        followUpsRun();
        assertThat(stripe.refundsFor(refundId)).isEqualTo(1);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("timeline.findAll { it.type == 'REFUNDED' }.size()", is(1));
    }

    @Test
    void aRefundThatNeverReachedStripeIsMadeByTheFollowUpsOnce() {
        String[] o = paidOrder();
        stripe.dropNext("/v1/refunds", 2); // HttpURLConnection sends a POST once more when the connection closes unanswered
        String refundId = as(Tokens.staff(o[3])).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(202).extract().path("refundId");
        assertThat(stripe.refundsFor(refundId)).isZero();
        followUpsRun();
        followUpsRun(); // a second run finds nothing owed
        assertThat(stripe.refundsFor(refundId)).isEqualTo(1);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("timeline.findAll { it.type == 'REFUNDED' }.size()", is(1));
    }

    @Test
    void replayingAPendingRefundsKeySettlesItAndAnswersWhereItStands() {
        String[] o = paidOrder();
        String key = uid("return");
        stripe.actThenLoseAnswer("/v1/refunds", 1, StripeStandIn.LostAnswer.TIMEOUT, 2_500);
        String refundId = as(Tokens.staff(o[3])).header("Idempotency-Key", key).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(202).body("status", is("PENDING")).extract().path("refundId");
        as(Tokens.staff(o[3])).header("Idempotency-Key", key).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(201).body("refundId", is(refundId)).body("status", is("succeeded")).body("stripeRefundId", startsWith("re_"));
        assertThat(stripe.refundsFor(refundId)).isEqualTo(1);
    }

    @Test
    void aCheckoutWhoseIntentAnswerWasLostIsRecordedByTheFollowUpsAndCanBePaid() {
        String[] s = seeded(3);
        stripe.actThenLoseAnswer("/v1/payment_intents", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("orderId", startsWith("ord_")).extract().path("orderId");
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));

        followUpsRun();

        JsonPath order = as(Tokens.admin()).get("/orders/{id}", orderId).then().statusCode(200).extract().jsonPath();
        assertThat(order.getString("status")).isEqualTo("AWAITING_PAYMENT");
        String pi = order.getString("payment.paymentIntentId");
        assertThat(pi).startsWith("pi_");
        assertThat(stripe.paymentIntentsFor(orderId)).isEqualTo(1);
        stripe.succeed(pi);
        Events.deliver(Events.paymentIntentSucceeded(pi, orderId, 1200)).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID"));
    }

    @Test
    void aCheckoutWhoseIntentNeverReachedStripeIsStartedByTheFollowUpsOnce() {
        String[] s = seeded(3);
        stripe.dropNext("/v1/payment_intents", 2);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503).extract().path("orderId");
        assertThat(stripe.paymentIntentsFor(orderId)).isZero();
        followUpsRun();
        followUpsRun();
        assertThat(stripe.paymentIntentsFor(orderId)).isEqualTo(1);
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("payment.paymentIntentId", startsWith("pi_"));
    }

    @Test
    void aPaymentOnAnIntentWhoseCreationWasNotYetRecordedIsDeliveredAgainLaterNotLost() {
        String[] s = seeded(3);
        stripe.actThenLoseAnswer("/v1/payment_intents", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503).extract().path("orderId");
        String made = stripe.paymentIntentIdsFor(orderId).getFirst();
        stripe.succeed(made);
        // the order cannot tell yet whether this intent is its own: Stripe is asked to deliver again
        Events.deliver(Events.paymentIntentSucceeded(made, orderId, 1200)).then().statusCode(503).header("Retry-After", notNullValue());
        followUpsRun();
        Events.deliver(Events.paymentIntentSucceeded(made, orderId, 1200)).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID"));
    }

    @Test
    void aTillSaleWhoseReaderDidNotAnswerIsNotCancelledAndIsReadBack() {
        String store = uid("store");
        String sku = uid("SKU");
        product(sku, 1200, "usd");
        store(store);
        stock(sku, store, 2);
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        String reader = as(Tokens.staff(store)).body(Map.of("registrationCode", "simulated-wpe", "label", "Till", "locationId", store))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        stripe.actThenLoseAnswer("/v1/terminal/readers/.*/process_payment_intent", 1, StripeStandIn.LostAnswer.TIMEOUT, 2_500);
        Map<String, Object> sale = new HashMap<>(Map.of("channel", "POS", "lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", store), "payment", Map.of("method", "TERMINAL", "readerId", reader)));
        String orderId = as(Tokens.staff(store)).body(sale).post("/checkouts").then().statusCode(503).extract().path("orderId");
        JsonPath order = as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().jsonPath();
        assertThat(order.getString("status")).isEqualTo("AWAITING_PAYMENT"); // the card may be on the reader: nothing undone
        String pi = order.getString("payment.paymentIntentId");

        followUpsRun();

        assertThat(stripe.requests().stream().filter(r -> r.path().endsWith("/process_payment_intent") && pi.equals(r.params().get("payment_intent"))))
                .hasSize(1); // read back, not sent again
        String stripeReader = stripe.objects("terminal.reader").stream().filter(r -> pi.equals(r.at("/action/process_payment_intent/payment_intent").asText()))
                .findFirst().orElseThrow().path("id").asText();
        assertThat(stripeReader).startsWith("tmr_");
        stripe.succeed(pi);
        Events.deliver(Events.paymentIntentSucceeded(pi, orderId, 1200)).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID"));
    }

    @Test
    void aCancelledOrdersIntentIsCancelledAtStripeByTheFollowUpsWhenStripeWasDown() {
        String[] s = seeded(3);
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        String pi = as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().path("payment.paymentIntentId");
        stripe.failNext("/v1/payment_intents/.*/cancel", 1, 503, "api_error", null);
        as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200).body("status", is("CANCELLED"))
                .body("timeline.type", hasItem("PAYMENT_STOP_FAILED"));
        assertThat(stripe.object(pi).orElseThrow().path("status").asText()).isNotEqualTo("canceled");
        followUpsRun();
        assertThat(stripe.object(pi).orElseThrow().path("status").asText()).isEqualTo("canceled");
    }

    @Test
    void aFollowUpOwedTooLongIsAPaymentIssueUntilItIsDone() {
        String[] o = paidOrder();
        stripe.failNext("/v1/refunds", 50, 500, "api_error", null);
        String refundId = as(Tokens.staff(o[3])).body(refundOf(o[2], o[3])).post("/orders/{id}/refunds", o[0])
                .then().statusCode(202).extract().path("refundId");
        for (int i = 0; i < 6; i++) followUpsRun(); // 18 minutes of failing attempts
        TestClock.advance(Duration.ofMinutes(10));
        followUpsRun();
        JsonPath issues = as(Tokens.staff(o[3])).queryParam("kind", "FOLLOW_UP").get("/payment-issues").then().statusCode(200).extract().jsonPath();
        assertThat(issues.getList("items.orderId")).contains(o[0]);
        assertThat(issues.getInt("items.find { it.orderId == '" + o[0] + "' }.attempts")).isGreaterThanOrEqualTo(2);

        stripe.clearFaults();
        TestClock.advance(Duration.ofHours(1));
        followUpsRun();
        assertThat(stripe.refundsFor(refundId)).isEqualTo(1);
        assertThat(as(Tokens.staff(o[3])).queryParam("kind", "FOLLOW_UP").get("/payment-issues").then().extract().jsonPath()
                .getList("items.orderId")).doesNotContain(o[0]);
    }
}
