package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.bench.BenchStack;
import dev.unifiedcommerce.bench.TwoInstances;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.Phones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "1,000 uses" means exactly that: 100 checkouts on two application instances (own SDK clients, one DynamoDB Local,
 * as two Lambdas on one table) race for a code's last use, and for a customer's only use of a per-customer code.
 */
class PromotionRaceTest {
    static final String STORE = "race-store";
    static TwoInstances instances;
    static BenchStack[] stacks;

    @BeforeAll
    static void twoInstances() {
        instances = new TwoInstances("commerce-promotion-race");
        stacks = instances.stacks;
    }

    @AfterAll
    static void close() { instances.close(); }

    static String stocked(int units) {
        String sku = "RACE-" + UUID.randomUUID().toString().substring(0, 8);
        stacks[0].base.stock(sku, units, STORE);
        return sku;
    }

    static String code(Long maxRedemptions, Long maxPerCustomer) {
        String code = ("RACE-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        stacks[0].promotions.save(new Promotion(code, "race", Promotion.Type.AMOUNT, null, new Money(100, "usd"), null,
                Instant.now().plus(1, ChronoUnit.DAYS), Set.of(), Set.of(), null, maxRedemptions, maxPerCustomer, null, true, 0));
        return code;
    }

    static Checkout.Request request(String sku, String code, String customerId) {
        return new Checkout.Request(Order.Channel.WEB, null, List.of(new Checkout.RequestedLine(sku, 1)), null, Order.Fulfilment.Type.PICKUP, STORE,
                Order.PaymentMethod.CARD, null, null, null, customerId, code, null);
    }

    static String checkout(BenchStack on, Checkout.Request r) { return TwoInstances.checkout(on, r); }

    static Map<String, Integer> race(IntFunction<Checkout.Request> request) throws Exception { return instances.race(100, request); }

    static long counter(Key key, String attribute) {
        return stacks[0].base.table.get(key).map(i -> Long.parseLong(i.get(attribute).n())).orElse(0L);
    }

    @Test
    void hundredCheckoutsOnTwoInstancesRacingForTheLastUseLeaveExactlyOneWinner() throws Exception {
        String sku = stocked(200);
        String code = code(3L, null);
        for (int i = 0; i < 2; i++) assertThat(checkout(stacks[i], request(sku, code, null))).isEqualTo("PLACED");

        Map<String, Integer> answers = race(n -> request(sku, code, null));

        assertThat(answers).containsEntry("PLACED", 1).containsEntry("USED_UP", 99);
        assertThat(counter(Keys.promotion(code), "redemptions")).isEqualTo(3);
        assertThat(stacks[1].base.level(sku, STORE).reserved()).isEqualTo(3); // the losers held nothing
    }

    @Test
    void hundredCheckoutsOfOneCustomerOnTwoInstancesSpendAPerCustomerCodeOnce() throws Exception {
        String sku = stocked(200);
        String code = code(null, 1L);
        var first = stacks[0].checkout.place("race", new Checkout.Request(Order.Channel.WEB, new Contact(Phones.unique("+14155550", 3), null, null),
                List.of(new Checkout.RequestedLine(sku, 1)), null, Order.Fulfilment.Type.PICKUP, STORE, Order.PaymentMethod.CARD, null, null, null), id -> Writes.none());
        String customerId = first.order().customerId();

        Map<String, Integer> answers = race(n -> request(sku, code, customerId));

        assertThat(answers).containsEntry("PLACED", 1).containsEntry("ALREADY_USED", 99);
        assertThat(counter(Keys.promotion(code), "redemptions")).isEqualTo(1);
        assertThat(counter(Keys.promotionUse(code, customerId), "uses")).isEqualTo(1);
        assertThat(stacks[1].base.level(sku, STORE).reserved()).isEqualTo(2); // the first order and the winner
    }
}
