package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one checkout and one applied payment cost: DynamoDB requests counted by the SDK interceptor, Stripe requests by
 * the stand-in's log. Bounds, so a change that adds round trips on the hot path fails here (numbers in the log).
 */
@QuarkusTest
class RequestCountTest {
    private static final Logger LOG = Logger.getLogger(RequestCountTest.class);
    static final String[] OPERATIONS = {"GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"};

    static Map<String, Integer> dynamoCalls() {
        Map<String, Integer> calls = new TreeMap<>();
        for (String op : OPERATIONS) if (FaultInjector.calls(op) > 0) calls.put(op, FaultInjector.calls(op));
        return calls;
    }

    static int total(Map<String, Integer> calls) { return calls.values().stream().mapToInt(Integer::intValue).sum(); }

    @Test
    void aCardCheckoutAndItsPaymentStayWithinTheirRequestBudget() {
        String[] s = seeded(5);
        StripeStandIn stripe = StripeStandInResource.standIn();
        // a returning customer: the lookup finds them (a first-time customer costs one more transaction)
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);

        FaultInjector.reset();
        int stripeBefore = stripe.requests().size();
        JsonPath o = as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(cardCheckout(s[0], s[1], 1)).post("/checkouts")
                .then().statusCode(201).extract().jsonPath();
        Map<String, Integer> checkout = dynamoCalls();
        int stripeCalls = stripe.requests().size() - stripeBefore;

        FaultInjector.reset();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 1200)).then().statusCode(200);
        Map<String, Integer> payment = dynamoCalls();

        stripe.succeed(o.getString("payment.paymentIntentId"));
        FaultInjector.reset();
        as(Tokens.staff(s[1])).body(Map.of("lines", java.util.List.of(Map.of("sku", s[0], "quantity", 1)), "restockLocationId", s[1]))
                .post("/orders/{id}/refunds", o.getString("orderId")).then().statusCode(201);
        Map<String, Integer> refund = dynamoCalls();

        LOG.infof("DynamoDB requests per card checkout: %d %s; Stripe requests: %d", total(checkout), checkout, stripeCalls);
        LOG.infof("DynamoDB requests per applied payment: %d %s", total(payment), payment);
        LOG.infof("DynamoDB requests per refund (one line, restocked): %d %s", total(refund), refund);
        assertThat(stripeCalls).isEqualTo(1);
        assertThat(checkout.get("TransactWriteItems")).isEqualTo(2); // order+hold+idempotency record, then the payment reference
        assertThat(checkout.get("BatchGetItem")).isEqualTo(1); // prices and the store in one read
        assertThat(total(checkout)).isLessThanOrEqualTo(6);
        assertThat(payment.get("TransactWriteItems")).isEqualTo(1); // PAID + commit + markers + loyalty, together
        assertThat(total(payment)).isLessThanOrEqualTo(3); // order, reservation, then the transaction
        assertThat(refund.get("TransactWriteItems")).isEqualTo(3); // booking, completion, closing the fully refunded order
        assertThat(total(refund)).isLessThanOrEqualTo(12); // 9 reads today; the floor issue takes this to 4
    }
}
