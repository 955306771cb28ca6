package dev.unifiedcommerce.order;

import dev.unifiedcommerce.platform.table.ItemSize;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.subscription.SubscriptionsHttpTest;
import dev.unifiedcommerce.support.DynamoDbLocal;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

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
        // a returning customer giving their phone and e-mail: the lookup finds them (a first-time customer costs one more
        // transaction); their own contact details, so no other test's customer by that e-mail is in play
        Map<String, Object> returning = new HashMap<>(cardCheckout(s[0], s[1], 1));
        returning.put("customer", Map.of("phone", Shoppers.newMobile(), "email", uid("count") + "@example.com"));
        as(Tokens.channel()).body(returning).post("/checkouts").then().statusCode(201);

        FaultInjector.reset();
        int stripeBefore = stripe.requests().size();
        JsonPath o = as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(returning).post("/checkouts")
                .then().statusCode(201).extract().jsonPath();
        Map<String, Integer> checkout = dynamoCalls();
        int stripeCalls = stripe.requests().size() - stripeBefore;

        FaultInjector.reset();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 1200)).then().statusCode(200);
        Map<String, Integer> payment = dynamoCalls();

        stripe.succeed(o.getString("payment.paymentIntentId"));
        FaultInjector.reset();
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)), "restockLocationId", s[1]))
                .post("/orders/{id}/refunds", o.getString("orderId")).then().statusCode(201);
        Map<String, Integer> refund = dynamoCalls();

        LOG.infof("DynamoDB requests per card checkout: %d %s; Stripe requests: %d", total(checkout), checkout, stripeCalls);
        LOG.infof("DynamoDB requests per applied payment: %d %s", total(payment), payment);
        LOG.infof("DynamoDB requests per refund (one line, restocked): %d %s", total(refund), refund);
        assertThat(stripeCalls).isEqualTo(1);
        // prices, the store and the returning customer's phone and e-mail lookups in one read; the order, its hold and the
        // Idempotency-Key's record in one transaction; the payment reference in the second
        assertThat(checkout).isEqualTo(Map.of("BatchGetItem", 1, "TransactWriteItems", 2));
        // the order (it carries its hold's lines), then PAID + commit + markers + loyalty together
        assertThat(payment).isEqualTo(Map.of("GetItem", 1, "TransactWriteItems", 1));
        // the order (its refunds so far on it), the booking (restock store checked in it), the completion (goods back on
        // the shelf, points back), closing the fully refunded order
        assertThat(refund).isEqualTo(Map.of("GetItem", 1, "TransactWriteItems", 3));
    }

    @Test
    void aSubscriptionsDeliveryIsThreeReadsAndOneTransaction() {
        String[] b = SubscriptionsHttpTest.blend();
        JsonPath sub = as(Tokens.channel()).body(SubscriptionsHttpTest.monthly(b,
                Map.of("phone", Phones.unique("+8170")))).post("/subscriptions").then().statusCode(201)
                .extract().jsonPath();
        StripeStandIn stripe = StripeStandInResource.standIn();
        int stripeBefore = stripe.requests().size();
        // a paid renewal as an endpoint on an API version before 2025-03 receives it: its subscription, intent and our id named
        var event = Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", e -> { });
        event.put("id", "evt_" + uid("cnt").replace("-", ""));
        event.put("type", "invoice.paid");
        var invoice = event.putObject("data").putObject("object");
        invoice.put("id", "in_" + uid("cnt").replace("-", "")).put("object", "invoice").put("subscription", sub.getString("stripeSubscriptionId"))
                .put("payment_intent", "pi_" + uid("cnt").replace("-", "")).put("amount_paid", 3200).put("currency", "jpy")
                .put("billing_reason", "subscription_cycle").put("created", 1_780_000_000L);
        invoice.putObject("subscription_details").putObject("metadata").put("subscriptionId", sub.getString("subscriptionId"));
        FaultInjector.reset();
        Events.deliver(event).then().statusCode(200);
        Map<String, Integer> delivery = dynamoCalls();
        int units = transactionalWriteUnits();
        LOG.infof("DynamoDB requests per subscription delivery: %d %s (%d write units); Stripe requests: %d", total(delivery), delivery, units,
                stripe.requests().size() - stripeBefore);
        // the subscription, the location's waiting deliveries, the stock level; then the order, its stock, points, the
        // payment's and the invoice's markers and the subscription in one transaction
        assertThat(delivery).isEqualTo(Map.of("GetItem", 3, "TransactWriteItems", 1));
        assertThat(stripe.requests().size() - stripeBefore).isZero();
    }

    /**
     * Write units of the transactions since the last reset, by DynamoDB's rule for transactional writes: 2 per started KB
     * of each item (its size as it stands after the write; a deleted item counts its minimum).
     */
    static int transactionalWriteUnits() {
        var raw = DynamoDbLocal.client();
        int units = 0;
        for (var t : FaultInjector.transacted()) {
            var item = raw.getItem(b -> b.tableName(t.table()).key(t.key())).item();
            long size = item == null || item.isEmpty() ? 1 : ItemSize.of(item);
            units += 2 * (int) Math.max(1, (size + 1023) / 1024);
        }
        return units;
    }

    @Test
    void aCheckoutWithAPromotionCodeMakesNoMoreRequestsAndWritesTwoMoreSmallItems() {
        String[] s = seeded(5);
        String code = uid("COUNT").toUpperCase();
        as(Tokens.admin()).body(Map.of("type", "PERCENT", "percentOff", 10, "maxRedemptions", 1000, "maxPerCustomer", 5,
                "validUntil", Instant.now().plus(Duration.ofDays(1)).toString())).put("/promotions/{code}", code).then().statusCode(200);
        // a returning customer, signed in at the channel (vouched): the per-customer counter is kept too
        String customerId = Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), uid("acct"));
        Map<String, Object> vouched = new HashMap<>(cardCheckout(s[0], s[1], 1));
        vouched.put("customer", Map.of("customerId", customerId));
        FaultInjector.reset();
        as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(vouched).post("/checkouts").then().statusCode(201);
        int plainItems = FaultInjector.transacted().size(), plainUnits = transactionalWriteUnits();

        FaultInjector.reset();
        vouched.put("promotionCode", code);
        as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(vouched).post("/checkouts").then().statusCode(201).body("total.amount", is(1080));
        Map<String, Integer> withCode = dynamoCalls();
        int codeItems = FaultInjector.transacted().size(), codeUnits = transactionalWriteUnits();

        LOG.infof("DynamoDB per card checkout with a code: %d requests %s; %d items written in transactions, %d write units (without the code: %d items, %d units)",
                total(withCode), withCode, codeItems, codeUnits, plainItems, plainUnits);
        // the channel's binding to the customer it names (a one-item Query, before anything else); the code and the customer's
        // uses of it ride in the one read; both counters in the order's transaction
        assertThat(withCode).isEqualTo(Map.of("Query", 1, "BatchGetItem", 1, "TransactWriteItems", 2));
        assertThat(codeItems - plainItems).isEqualTo(2);
        assertThat(codeUnits - plainUnits).isEqualTo(4);
    }

    @Test
    void aHoldIsOneRequestWithOrWithoutAnIdempotencyKey() {
        String[] s = seeded(5);
        FaultInjector.reset();
        as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations").then().statusCode(201);
        Map<String, Integer> hold = dynamoCalls();
        FaultInjector.reset();
        as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(Map.of("lines", List.of(line(s[0], s[1], 1))))
                .post("/reservations").then().statusCode(201);
        Map<String, Integer> holdWithKey = dynamoCalls();
        LOG.infof("DynamoDB requests per hold: %s; with an Idempotency-Key: %s", hold, holdWithKey);
        // the catalog's facts ride on the stock level: the transaction's conditions are the whole check
        assertThat(hold).isEqualTo(Map.of("TransactWriteItems", 1));
        assertThat(holdWithKey).isEqualTo(Map.of("TransactWriteItems", 1));
    }
}
