package dev.unifiedcommerce.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * A payment pays an order only when it is the order's own PaymentIntent (or its payment link's) for exactly the order's
 * total. Everything else is a payment issue: refunded when the intent is ours, alerted and left alone when it is not.
 */
@QuarkusTest
class PaymentVerificationTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();
    @Inject Table table;

    @AfterEach
    void quiet() { stripe.sendEventsTo(null, null); }

    /** An unpaid card order of one unit (1200 usd) at a new store: {orderId, paymentIntentId, sku, store}. */
    String[] cardOrder() {
        String[] s = seeded(2);
        JsonPath o = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        return new String[]{o.getString("orderId"), o.getString("payment.paymentIntentId"), s[0], s[1]};
    }

    static String foreignIntent() { return "pi_" + uid("other").replace("-", ""); }

    void assertUnpaidWithStockHeld(String[] o) {
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT"))
                .body("payment.paymentIntentId", is(o[1])).body("timeline.type", not(hasItem("PAID")));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(2)).body("locations[0].reserved", is(1));
    }

    JsonPath openIssues(String store) {
        return as(Tokens.staff(store)).queryParam("kind", "MISMATCH").queryParam("status", "OPEN").get("/payment-issues")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSignedSuccessForAnotherIntentNamingTheOrderNeverPaysIt() {
        String[] o = cardOrder();
        String foreign = foreignIntent();
        Events.deliver(Events.paymentIntentSucceeded(foreign, o[0], 1)).then().statusCode(200).body("result", is("ignored"));

        assertUnpaidWithStockHeld(o);
        JsonPath issues = openIssues(o[3]);
        assertThat(issues.getList("items")).hasSize(1);
        assertThat(issues.getString("items[0].issueId")).startsWith("pis_");
        assertThat(issues.getString("items[0].orderId")).isEqualTo(o[0]);
        assertThat(issues.getString("items[0].paymentIntentId")).isEqualTo(foreign);
        assertThat(issues.getInt("items[0].expected.amount")).isEqualTo(1200);
        assertThat(issues.getInt("items[0].actual.amount")).isEqualTo(1);
        assertThat(issues.getString("items[0].detail")).contains("not refunded");
        // another integration's money is not ours to give back
        assertThat(stripe.requests()).noneMatch(r -> r.path().equals("/v1/refunds") && foreign.equals(r.params().get("payment_intent")));
    }

    @Test
    void theSameForeignIntentReportedAgainIsOneIssue() {
        String[] o = cardOrder();
        String foreign = foreignIntent();
        Events.deliver(Events.paymentIntentSucceeded(foreign, o[0], 1)).then().statusCode(200);
        Events.deliver(Events.paymentIntentSucceeded(foreign, o[0], 1)).then().statusCode(200);
        assertThat(openIssues(o[3]).getList("items")).hasSize(1);
        // and the real payment still pays the order afterwards
        stripe.succeed(o[1]);
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 1200)).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("payment.paymentIntentId", is(o[1]));
    }

    @Test
    void aShortPaymentOnTheOrdersOwnIntentIsRecordedAndRefunded() {
        String[] o = cardOrder();
        stripe.succeed(o[1]);
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 1199)).then().statusCode(200).body("result", is("applied"));

        assertUnpaidWithStockHeld(o);
        assertThat(openIssues(o[3]).getString("items[0].detail")).contains("1199 usd received for an order of 1200 usd").contains("refunding automatically");
        assertThat(stripe.requests()).anyMatch(r -> r.path().equals("/v1/refunds") && o[1].equals(r.params().get("payment_intent"))
                && r.params().get("amount") == null && r.idempotencyKey() != null);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("timeline.type", hasItems("PAYMENT_ISSUE", "REFUND_REQUESTED"))
                .body("refunded.amount", is(0));
    }

    @Test
    void aPaymentInAnotherCurrencyIsRecordedAndRefunded() {
        String[] o = cardOrder();
        stripe.succeed(o[1]);
        ObjectNode event = Events.paymentIntentSucceeded(o[1], o[0], 1200);
        ((ObjectNode) event.get("data").get("object")).put("currency", "eur");
        Events.deliver(event).then().statusCode(200);
        assertUnpaidWithStockHeld(o);
        assertThat(openIssues(o[3]).getString("items[0].actual.currency")).isEqualTo("eur");
    }

    @Test
    void theRefundOfAMismatchedPaymentIsNeverBookedOnTheOrder() {
        String[] o = cardOrder();
        stripe.succeed(o[1]);
        stripe.sendEventsTo("http://localhost:" + io.restassured.RestAssured.port + "/webhooks/stripe", Events.SECRET);
        int before = stripe.deliveries().size();
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 600)).then().statusCode(200);
        long deadline = System.currentTimeMillis() + 10_000;
        while (stripe.deliveries().size() < before + 2 && System.currentTimeMillis() < deadline) sleep(100);
        assertThat(stripe.deliveries().subList(before, stripe.deliveries().size()))
                .anyMatch(d -> d.startsWith("refund.created 200")).anyMatch(d -> d.startsWith("charge.refunded 200"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("AWAITING_PAYMENT")).body("refunded.amount", is(0))
                .body("timeline.type", not(hasItem("REFUNDED_OUTSIDE")));
    }

    @Test
    void aSecondPaymentOfOursForAPaidOrderIsRefunded() {
        String[] o = cardOrder();
        stripe.succeed(o[1]);
        Events.deliver(Events.paymentIntentSucceeded(o[1], o[0], 1200)).then().statusCode(200).body("result", is("applied"));
        // A second intent made for the order (e.g. after Stripe forgot the first key), also paid by the shopper.
        String second = stripe.createPaymentIntentFor(o[0], 1200, "usd");
        // (no flow of ours makes one today: the order's intents are given the second one directly, as a retried start would)
        table.client().updateItem(b -> b.tableName(table.name()).key(Keys.order(o[0]).asMap())
                .updateExpression("ADD paymentIntents :pi")
                .expressionAttributeValues(Map.of(":pi", AttributeValue.fromSs(List.of(second)))));
        stripe.succeed(second);
        Events.deliver(Events.paymentIntentSucceeded(second, o[0], 1200)).then().statusCode(200).body("result", is("applied"));

        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("payment.paymentIntentId", is(o[1]))
                .body("timeline.findAll { it.type == 'PAID' }.size()", is(1));
        as(Tokens.admin()).get("/inventory/{sku}", o[2]).then().body("locations[0].onHand", is(1));
        assertThat(openIssues(o[3]).getString("items[0].detail")).contains("second payment");
        assertThat(stripe.requests()).anyMatch(r -> r.path().equals("/v1/refunds") && second.equals(r.params().get("payment_intent")));
        assertThat(stripe.requests()).noneMatch(r -> r.path().equals("/v1/refunds") && o[1].equals(r.params().get("payment_intent")));
    }

    @Test
    void cancelAndFailureEventsForAnotherIntentLeaveTheOrderAlone() {
        String[] o = cardOrder();
        String foreign = foreignIntent();
        Events.deliver(canceled(foreign, o[0])).then().statusCode(200).body("result", is("ignored"));
        Events.deliver(Events.sample("synthesized-from-fixtures3/payment_intent.payment_failed", pi -> {
            pi.put("id", foreign);
            pi.putObject("metadata").put("orderId", o[0]);
        })).then().statusCode(200).body("result", is("ignored"));
        assertUnpaidWithStockHeld(o);
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("timeline.type", not(hasItems("CANCELLED", "PAYMENT_FAILED")));
        // the order's own intent cancelled does end it
        Events.deliver(canceled(o[1], o[0])).then().statusCode(200).body("result", is("applied"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("CANCELLED"));
    }

    @Test
    void aPaymentLinkIsPaidOnlyByItsOwnSessionWhenPaid() {
        String[] s = seeded(2);
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("channel", "SMS");
        body.put("payment", Map.of("method", "LINK"));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = o.getString("orderId"), session = o.getString("payment.checkoutSessionId");
        String sessionIntent = stripe.object(session).orElseThrow().get("payment_intent").asText();

        // a session we did not make, naming the order
        Events.deliver(Events.sessionCompleted("cs_test_" + uid("other").replace("-", ""), foreignIntent(), orderId, 1200)).then().statusCode(200);
        // our session, not paid yet (an asynchronous method)
        ObjectNode unpaid = Events.sessionCompleted(session, sessionIntent, orderId, 1200);
        ((ObjectNode) unpaid.get("data").get("object")).put("payment_status", "unpaid");
        Events.deliver(unpaid).then().statusCode(200).body("result", is("ignored"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("AWAITING_PAYMENT"));

        // its intent's own event, before the session's: read back from the session, and applied
        stripe.succeed(sessionIntent);
        Events.deliver(Events.paymentIntentSucceeded(sessionIntent, orderId, 1200)).then().statusCode(200).body("result", is("applied"));
        Events.deliver(Events.sessionCompleted(session, sessionIntent, orderId, 1200)).then().statusCode(200).body("result", is("duplicate"));
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("PAID")).body("payment.paymentIntentId", is(sessionIntent));
    }

    @Test
    void staffSeeTheirStoresIssuesAndAdminsResolveThem() {
        String[] o = cardOrder();
        Events.deliver(Events.paymentIntentSucceeded(foreignIntent(), o[0], 5)).then().statusCode(200);
        String issueId = openIssues(o[3]).getString("items[0].issueId");

        as(Tokens.staff(uid("store"))).queryParam("locationId", o[3]).get("/payment-issues").then().statusCode(403);
        as(Tokens.staff(o[3], uid("store"))).get("/payment-issues").then().statusCode(400).contentType("application/problem+json")
                .body("field", is("locationId"));
        as(Tokens.channel()).get("/payment-issues").then().statusCode(403);
        as(Tokens.admin()).queryParam("kind", "MISMATCH").get("/payment-issues").then().statusCode(200).body("items.issueId", hasItem(issueId));
        as(Tokens.admin()).queryParam("kind", "WRONG").get("/payment-issues").then().statusCode(400).body("field", is("kind"));

        as(Tokens.staff(o[3])).body(Map.of("note", "checked")).post("/payment-issues/{id}/resolve", issueId).then().statusCode(403);
        as(Tokens.admin()).body(Map.of()).post("/payment-issues/{id}/resolve", issueId).then().statusCode(400).body("field", containsString("note"));
        as(Tokens.admin()).body(Map.of("note", "the loyalty app's test charge; refunded there"))
                .post("/payment-issues/{id}/resolve", issueId).then().statusCode(200)
                .body("status", is("RESOLVED")).body("resolution.note", containsString("loyalty app"));
        as(Tokens.admin()).body(Map.of("note", "again")).post("/payment-issues/{id}/resolve", issueId).then().statusCode(409);
        assertThat(openIssues(o[3]).getList("items")).isEmpty();
        as(Tokens.staff(o[3])).queryParam("status", "RESOLVED").get("/payment-issues").then().body("items.issueId", hasItem(issueId));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("timeline.type", hasItems("PAYMENT_ISSUE", "PAYMENT_ISSUE_RESOLVED"));
    }

    static ObjectNode canceled(String paymentIntentId, String orderId) {
        ObjectNode event = Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", pi -> {
            pi.put("id", paymentIntentId);
            pi.put("status", "canceled");
            pi.putObject("metadata").put("orderId", orderId);
        });
        return event.put("type", "payment_intent.canceled");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
