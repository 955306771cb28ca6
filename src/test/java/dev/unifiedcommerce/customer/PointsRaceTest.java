package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.bench.TwoInstances;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.Phones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer's last 500 points, spent by 50 checkouts at once on two application instances: one wins, the balance exact. */
class PointsRaceTest {
    static final String STORE = "points-race-store";
    static TwoInstances instances;

    @BeforeAll
    static void twoInstances() { instances = new TwoInstances("commerce-points-race"); }

    @AfterAll
    static void close() { instances.close(); }

    @Test
    void fiftyCheckoutsOnTwoInstancesSpendingTheLast500PointsLeaveExactlyOneWinner() throws Exception {
        var stack = instances.stacks[0];
        String sku = "PTS-" + UUID.randomUUID().toString().substring(0, 8);
        stack.base.stock(sku, 100, STORE);
        // a customer (made by a first order) whose balance is 500 points
        var first = stack.checkout.place("race", new Checkout.Request(Order.Channel.WEB,
                new Contact(Phones.unique("+14155551", 3), null, null), List.of(new Checkout.RequestedLine(sku, 1)), null,
                Order.Fulfilment.Type.PICKUP, STORE, Order.PaymentMethod.CARD, null, null, null), id -> Writes.none());
        String customerId = first.order().customerId();
        stack.base.table.transact(stack.loyalty.post(customerId, Optional.of(new LoyaltyLedger.Entry(Instant.now(), "seed", 500, "EARNED"))));

        Map<String, Integer> answers = instances.race(50, n -> new Checkout.Request(Order.Channel.values()[n % 6], null,
                List.of(new Checkout.RequestedLine(sku, 1)), null, Order.Fulfilment.Type.PICKUP, STORE, Order.PaymentMethod.CARD, null, null, null,
                customerId, null, 500L));

        assertThat(answers).containsEntry("PLACED", 1).containsEntry("OVER_BALANCE", 49);
        var customer = stack.base.table.get(Keys.customer(customerId)).orElseThrow();
        assertThat(Long.parseLong(customer.get("loyaltyPoints").n())).isZero();
        assertThat(instances.stacks[1].base.level(sku, STORE).reserved()).isEqualTo(2); // the first order and the winner
    }
}
