package dev.unifiedcommerce.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.bench.TwoInstances;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.payment.StripeEvents;
import dev.unifiedcommerce.payment.stripe.EventReader;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.Phones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One paid invoice reported five times at once, on two application instances: one delivery, shipped and earned once. */
class InvoiceDeliveryRaceTest {
    static final String WAREHOUSE = "invoice-race-wh";
    static TwoInstances instances;

    @BeforeAll
    static void twoInstances() { instances = new TwoInstances("commerce-invoice-race"); }

    @AfterAll
    static void close() { instances.close(); }

    @Test
    void theSameInvoicePaidFiveTimesAtOnceIsOneDelivery() throws Exception {
        var stack = instances.stacks[0];
        String sku = "SUB-" + UUID.randomUUID().toString().substring(0, 8);
        stack.base.stock(sku, 10, WAREHOUSE);
        // a customer (made by a first order), and their monthly subscription of 2 units, already at Stripe
        var first = stack.checkout.place("race", new Checkout.Request(Order.Channel.WEB, new Contact(Phones.unique("+14155552", 3),
                null, null), List.of(new Checkout.RequestedLine(sku, 1)), null, Order.Fulfilment.Type.PICKUP, WAREHOUSE, Order.PaymentMethod.CARD,
                null, null, null), id -> Writes.none());
        String customerId = first.order().customerId();
        String id = "sbn_race" + UUID.randomUUID().toString().substring(0, 8), stripeId = "sub_race" + UUID.randomUUID().toString().substring(0, 8);
        var s = new Subscription(id, customerId, List.of(new Subscription.Line(sku, "Blend", 2, 1600)), Product.Interval.MONTH, "jpy",
                new PostalAddress("Aiko", "1-2-3 Jingumae", null, "Tokyo", "150-0001", "JP", null), WAREHOUSE, Subscription.Status.INCOMPLETE,
                Subscription.Method.CARD, stripeId, null, "race", Instant.now());
        stack.base.table.commitExplained(stack.subscriptionStore.createWrites(s));

        // Stripe sends invoice.paid and invoice.payment_succeeded for one invoice, and redelivers when unsure: five reports
        String invoice = "in_race" + UUID.randomUUID().toString().substring(0, 8);
        List<String> eventIds = List.of("evt_a" + invoice, "evt_a" + invoice, "evt_b" + invoice, "evt_b" + invoice, "evt_c" + invoice);
        Map<String, Integer> results = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            all.add(pool.submit(() -> {
                go.await();
                StripeEvents.Result r = instances.stacks[n % 2].events.handle(EventReader.read(eventIds.get(n),
                        n < 2 ? "invoice.paid" : "invoice.payment_succeeded", paidInvoice(invoice, stripeId, id)));
                results.merge(r.name(), 1, Integer::sum);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : all) f.get();
        pool.shutdown();

        assertThat(results).containsEntry("APPLIED", 1).containsEntry("DUPLICATE", 4);
        List<Order> deliveries = stack.orders.ordersOf(customerId, 20).stream().filter(o -> o.channel() == Order.Channel.SUBSCRIPTION).toList();
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.getFirst().status()).isEqualTo(Order.Status.PAID);
        assertThat(stack.base.level(sku, WAREHOUSE).onHand()).isEqualTo(8);
        var customer = stack.base.table.get(Keys.customer(customerId)).orElseThrow();
        assertThat(Long.parseLong(customer.get("loyaltyPoints").n())).isEqualTo(32); // 1% of 3200, once
        var after = stack.subscriptionStore.subscription(id).orElseThrow();
        assertThat(after.status()).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(after.billing().deliveries()).isEqualTo(1);
    }

    /** A paid invoice in the newer shape (parent.subscription_details) that also lists its payment. */
    static ObjectNode paidInvoice(String invoice, String stripeSubscription, String subscriptionId) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("id", invoice).put("object", "invoice").put("amount_paid", 3200).put("currency", "jpy").put("billing_reason", "subscription_cycle");
        ObjectNode details = o.putObject("parent").put("type", "subscription_details").putObject("subscription_details");
        details.put("subscription", stripeSubscription);
        details.putObject("metadata").put("subscriptionId", subscriptionId);
        o.putObject("payments").putArray("data").addObject().put("status", "paid").putObject("payment").put("type", "payment_intent")
                .put("payment_intent", "pi_" + invoice);
        o.putObject("lines").putArray("data").addObject().putObject("period").put("start", 1_780_000_000L).put("end", 1_782_600_000L);
        return o;
    }
}
