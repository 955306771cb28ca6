package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.ServiceStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;

/** Split stock under real races: many threads and two service stacks (two function instances) against one DynamoDB Local. */
class ShardConcurrencyTest {
    static ServiceStack one, two;

    @BeforeAll
    static void start() {
        one = new ServiceStack();
        two = new ServiceStack();
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    /** Every shard item's own numbers: {onHand, reserved, available} per shard. */
    static List<long[]> shards(String sku, String loc, int span) {
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < span; k++) {
            var item = one.table.get(Keys.stockShard(sku, loc, k)).orElseThrow();
            out.add(new long[]{Items.num(item, "onHand"), Items.num(item, "reserved"), Items.num(item, "available")});
        }
        return out;
    }

    static int holdOne(ServiceStack stack, String sku, String loc, int quantity) {
        try {
            stack.inventory.hold("racer", List.of(new ReservationLine(sku, loc, quantity)), Duration.ofMinutes(10), r -> Writes.none());
            return quantity;
        } catch (InsufficientStock short_) {
            return 0;
        }
    }

    @Test
    void twoHundredHoldsFromTwoInstancesAgainstFiftyUnitsInEightShardsSellExactlyFifty() throws Exception {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 50, loc);
        one.inventory.setShards(sku, loc, 8);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ServiceStack stack = i % 2 == 0 ? one : two;
            tasks.add(() -> holdOne(stack, sku, loc, 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        int held = 0;
        try {
            for (Future<Integer> f : pool.invokeAll(tasks)) held += f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(held).isEqualTo(50);
        assertThat(one.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 50, 50, 0));
        for (long[] s : shards(sku, loc, 8)) {
            assertThat(s[2]).as("available of a shard").isGreaterThanOrEqualTo(0);
            assertThat(s[0]).as("onHand = reserved + available").isEqualTo(s[1] + s[2]);
        }
    }

    @Test
    void holdsOfSeveralUnitsRacingForTheLastOfSplitStockNeverOversell() throws Exception {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 30, loc);
        one.inventory.setShards(sku, loc, 4);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ServiceStack stack = i % 2 == 0 ? one : two;
            int quantity = 1 + i % 3;
            tasks.add(() -> holdOne(stack, sku, loc, quantity));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        int held = 0;
        try {
            for (Future<Integer> f : pool.invokeAll(tasks)) held += f.get();
        } finally {
            pool.shutdownNow();
        }
        StockLevel level = one.level(sku, loc);
        assertThat(held).isLessThanOrEqualTo(30).isEqualTo(level.reserved());
        assertThat(level.available()).isEqualTo(30 - held).isGreaterThanOrEqualTo(0);
        assertThat(held).isGreaterThanOrEqualTo(28); // a few units may remain when only larger holds were left to race for them
    }

    @Test
    void theSweeperEvensOutAShardThatRanLow() {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 40, loc);
        one.inventory.setShards(sku, loc, 4); // 10 a shard
        one.inventory.hold("buyer", List.of(new ReservationLine(sku, loc, 10)), Duration.ofMinutes(10), r -> Writes.none());
        assertThat(shards(sku, loc, 4)).anyMatch(s -> s[2] == 0); // one shard emptied by that hold

        one.inventory.sweep(100);

        assertThat(shards(sku, loc, 4)).allMatch(s -> s[2] == 7 || s[2] == 8);
        assertThat(one.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 40, 10, 30));
    }

    @Test
    void anExpiredHoldGivesItsUnitsBackToTheShardsTheyCameFrom() {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 8, loc);
        one.inventory.setShards(sku, loc, 4);
        List<long[]> before = shards(sku, loc, 4);
        one.inventory.hold("buyer", List.of(new ReservationLine(sku, loc, 5)), Duration.ofMinutes(1), r -> Writes.none());
        one.clock.advance(Duration.ofMinutes(2));

        assertThat(one.inventory.sweep(100)).isGreaterThanOrEqualTo(1);

        assertThat(shards(sku, loc, 4)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(before);
        assertThat(one.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 8, 0, 8));
    }
}
