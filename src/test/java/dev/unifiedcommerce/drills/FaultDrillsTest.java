package dev.unifiedcommerce.drills;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.InventoryStore;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.payment.StripeEvents;
import dev.unifiedcommerce.payment.stripe.SignedEvents;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.table.TableUnavailable;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Seeds;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault drills: real concurrency (threads on the service layer, one DynamoDB Local) with injected DynamoDB faults and
 * duplicated, shuffled Stripe events. Each drill checks the invariants (stock exact, nothing lost, each effect
 * once), not just the absence of exceptions. (Stripe down, slow or failing mid-checkout, and a crash between Stripe
 * and our write followed by a retry, are drilled in CheckoutHttpTest.)
 */
@QuarkusTest
class FaultDrillsTest {
    @Inject Checkout checkout;
    @Inject OrderStore orders;
    @Inject Inventory inventory;
    @Inject InventoryStore stock;
    @Inject StripeEvents events;
    @Inject SignedEvents signed;

    @AfterEach
    void clear() { FaultInjector.reset(); }

    private static final Random KINDS = Seeds.random("DynamoDB failure kinds");

    private static synchronized boolean conflict() { return KINDS.nextBoolean(); }

    /** What DynamoDB really answers under contention: transactions conflict, any call may be throttled. */
    static RuntimeException conflictOrThrottle(String operation) {
        if (operation.equals("TransactWriteItems") && conflict()) {
            return TransactionCanceledException.builder().message("Transaction cancelled [TransactionConflict]")
                    .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build())
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build()).statusCode(400).build();
        }
        return ProvisionedThroughputExceededException.builder().message("throttled")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build();
    }

    enum Answer { ORDERED, SHORT, RETRY_LATER, PAYMENT_FAILED }

    @Test
    void twoHundredConcurrentCheckoutsWithTwentyPercentOfDynamoDbCallsFailingKeepStockExact() throws Exception {
        String[] s = seeded(60);
        FaultInjector.failRandomly(Set.of("TransactWriteItems", "GetItem", "Query", "BatchGetItem", "PutItem", "UpdateItem"), 0.20,
                FaultDrillsTest::conflictOrThrottle);
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        List<String> ordered = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Answer>> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            clients.add(() -> {
                var request = new Checkout.Request(Order.Channel.values()[n % 6], null, List.of(new Checkout.RequestedLine(s[0], 1)), null,
                        Order.Fulfilment.Type.PICKUP, s[1], Order.PaymentMethod.CARD, null, null, null);
                Checkout.Placement placed;
                try {
                    placed = checkout.place("drill-" + n, request, id -> Writes.none());
                } catch (InsufficientStock e) {
                    return Answer.SHORT;
                } catch (TableUnavailable e) {
                    return Answer.RETRY_LATER;
                }
                ordered.add(placed.order().id());
                try {
                    checkout.startPayment(placed, null, null);
                    return Answer.ORDERED;
                } catch (TableUnavailable e) {
                    return Answer.RETRY_LATER; // placed and held: a retry with the same Idempotency-Key resumes it
                } catch (StripeFailed e) {
                    return Answer.PAYMENT_FAILED;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Answer> results = new ArrayList<>();
        for (Future<Answer> f : pool.invokeAll(clients)) results.add(f.get()); // every client answered (no exception escapes)
        pool.shutdown();
        FaultInjector.reset();

        assertThat(results).hasSize(200).doesNotContainNull();
        StockLevel level = stock.stockOf(s[0]).getFirst();
        // stock exact: nothing sold, every held unit belongs to an order that exists and is still waiting for payment
        assertThat(level.onHand()).isEqualTo(60);
        assertThat(level.available()).isGreaterThanOrEqualTo(0).isEqualTo(level.onHand() - level.reserved());
        List<String> holders = stock.expiredHolds(s[0], s[1], Instant.now().plus(Duration.ofDays(1)));
        long heldUnits = 0;
        for (String reservationId : holders) {
            Reservation r = inventory.reservation(reservationId);
            assertThat(r.status()).isEqualTo(Reservation.Status.HELD);
            Order o = orders.order(r.orderId()).orElseThrow(() -> new AssertionError("a hold without its order: " + reservationId));
            assertThat(o.status()).isEqualTo(Order.Status.AWAITING_PAYMENT);
            heldUnits += r.lines().getFirst().quantity();
        }
        assertThat(level.reserved()).isEqualTo(heldUnits);
        // no order lost: every order a client was told about exists; a held order is one of them or was cancelled
        for (String id : ordered) assertThat(orders.order(id)).as("order %s", id).isPresent();
        long okOrders = results.stream().filter(a -> a == Answer.ORDERED).count();
        assertThat(okOrders).isLessThanOrEqualTo(60);
        assertThat(heldUnits).isGreaterThanOrEqualTo(okOrders);
        org.jboss.logging.Logger.getLogger(FaultDrillsTest.class).infof("200 checkouts under 20%% injected faults: %s; held %d of 60",
                results.stream().collect(Collectors.groupingBy(a -> a, Collectors.counting())), heldUnits);
    }

    @Test
    void aWebhookStormOfFiftyEventsDeliveredThreeTimesInRandomOrderAppliesEachPaymentOnce() throws Exception {
        String[] s = seeded(30);
        List<String[]> paid = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String phone = Phones.unique("+8180");
            Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
            body.put("customer", Map.of("phone", phone));
            var o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
            paid.add(new String[]{o.getString("orderId"), o.getString("payment.paymentIntentId"), phone});
        }
        List<String> payloads = new ArrayList<>();
        for (String[] o : paid) {
            StripeStandInResource.standIn().succeed(o[1]);
            payloads.add(Events.paymentIntentSucceeded(o[1], o[0], 1200).toString());
            ObjectNode charge = Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", x -> { });
            charge.put("type", "charge.succeeded");
            ObjectNode ch = ((ObjectNode) charge.get("data")).putObject("object");
            ch.put("id", "ch_" + o[1].substring(3)).put("object", "charge").put("payment_intent", o[1]);
            ch.putObject("payment_method_details").put("type", "card").putObject("card").put("fingerprint", "fp_storm_" + o[0]);
            payloads.add(charge.toString());
        }
        List<String> deliveries = new ArrayList<>();
        for (int round = 0; round < 3; round++) deliveries.addAll(payloads);
        Collections.shuffle(deliveries);
        List<Callable<StripeEvents.Result>> tasks = new ArrayList<>();
        for (String p : deliveries) {
            tasks.add(() -> events.handle(signed.verify(p.getBytes(StandardCharsets.UTF_8),
                    Events.header(p, Events.SECRET, Instant.now().getEpochSecond()))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<StripeEvents.Result> results = new ArrayList<>();
        for (var f : pool.invokeAll(tasks)) results.add(f.get());
        pool.shutdown();

        assertThat(results).hasSize(150);
        StockLevel level = stock.stockOf(s[0]).getFirst();
        assertThat(level.onHand()).isEqualTo(5);
        assertThat(level.reserved()).isZero();
        assertThat(level.available()).isEqualTo(5);
        for (String[] o : paid) {
            var order = orders.order(o[0]).orElseThrow();
            assertThat(order.status()).isEqualTo(Order.Status.PAID);
            assertThat(orders.timeline(o[0]).stream().filter(e -> e.type() == TimelineEntry.Type.PAID).count()).isEqualTo(1);
            as(Tokens.admin()).queryParam("phone", o[2]).get("/customers").then().statusCode(200)
                    .body("loyaltyPoints", org.hamcrest.Matchers.is(12)).body("loyalty.size()", org.hamcrest.Matchers.is(1));
        }
    }
}
