package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.ServiceStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that are real: many threads, and two independent service stacks, against one DynamoDB Local.
 * (Parallel HTTP calls to one local Lambda instance would be served one at a time and prove nothing.)
 */
class HoldConcurrencyTest {
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

    enum Outcome { HELD, SHORT }

    static Outcome holdOne(ServiceStack stack, List<ReservationLine> lines) {
        try {
            stack.inventory.hold("racer", lines, Duration.ofMinutes(10), r -> Writes.none());
            return Outcome.HELD;
        } catch (InsufficientStock e) {
            return Outcome.SHORT;
        }
    }

    static List<Outcome> race(int threads, List<Callable<Outcome>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : pool.invokeAll(tasks)) outcomes.add(f.get());
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyHoldsOfOneUnitAgainstTenInStockHoldExactlyTenAndAvailableNeverGoesNegative() throws Exception {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 10, loc);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (running.get()) lowest.accumulateAndGet(one.level(sku, loc).available(), Math::min);
        });
        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) tasks.add(() -> holdOne(one, List.of(new ReservationLine(sku, loc, 1))));
        List<Outcome> outcomes = race(16, tasks);
        running.set(false);
        watcher.join();

        assertThat(outcomes).filteredOn(o -> o == Outcome.HELD).hasSize(10);
        assertThat(outcomes).filteredOn(o -> o == Outcome.SHORT).hasSize(40);
        assertThat(one.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 10, 10, 0));
        assertThat(lowest.get()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void mixedMultiLineHoldsAcrossTwoLocationsNeverOversellAnyStockItem() throws Exception {
        String skuA = uid("A"), skuB = uid("B"), north = uid("north"), south = uid("south");
        one.stock(skuA, 7, north, south);
        one.stock(skuB, 5, north, south);
        String[] skus = {skuA, skuB}, locs = {north, south};
        Random random = new Random(42);
        List<List<ReservationLine>> requests = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            List<ReservationLine> lines = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            for (int j = 0; j < n; j++) lines.add(new ReservationLine(skus[random.nextInt(2)], locs[random.nextInt(2)], 1 + random.nextInt(2)));
            requests.add(lines);
        }
        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (var lines : requests) tasks.add(() -> holdOne(one, lines));
        race(16, tasks);

        for (String sku : skus) {
            for (String loc : locs) {
                StockLevel s = one.level(sku, loc);
                long heldByHoldLines = one.store.expiredHolds(sku, loc, one.clock.instant().plus(Duration.ofDays(1))).stream()
                        .map(id -> one.store.reservation(id).orElseThrow()).flatMap(r -> r.lines().stream())
                        .filter(l -> l.sku().equals(sku) && l.locationId().equals(loc)).mapToLong(ReservationLine::quantity).sum();
                assertThat(s.available()).as("available of %s at %s", sku, loc).isGreaterThanOrEqualTo(0);
                assertThat(s.onHand()).isEqualTo(s.available() + s.reserved());
                assertThat(s.reserved()).as("reserved equals the sum of hold lines").isEqualTo(heldByHoldLines);
            }
        }
    }

    @Test
    void twoServiceInstancesOnOneTableHoldExactlyTheStockThereIs() throws Exception {
        String sku = uid("HOT"), loc = uid("store");
        one.stock(sku, 10, loc);
        List<Callable<Outcome>> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ServiceStack instance = i % 2 == 0 ? one : two;
            tasks.add(() -> holdOne(instance, List.of(new ReservationLine(sku, loc, 1))));
        }
        List<Outcome> outcomes = race(20, tasks);

        assertThat(outcomes).filteredOn(o -> o == Outcome.HELD).hasSize(10);
        assertThat(two.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 10, 10, 0));
    }

    @Test
    void releaseAndCommitRacingOnOneReservationHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 15; round++) {
            String sku = uid("RACE"), loc = uid("store");
            one.stock(sku, 10, loc);
            Reservation r = one.inventory.hold("racer", List.of(new ReservationLine(sku, loc, 3)), Duration.ofMinutes(5), x -> Writes.none());
            List<Callable<String>> tasks = List.of(
                    () -> attempt(() -> one.inventory.release(r.id())),
                    () -> attempt(() -> two.inventory.commit(r.id(), Writes.none())));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<String> results = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) results.add(f.get());
            pool.shutdown();

            Reservation after = one.inventory.reservation(r.id());
            StockLevel s = one.level(sku, loc);
            if (after.status() == Reservation.Status.COMMITTED) {
                assertThat(results).containsExactly("refused", "COMMITTED");
                assertThat(s).isEqualTo(new StockLevel(sku, loc, 7, 0, 7));
            } else {
                assertThat(after.status()).isEqualTo(Reservation.Status.RELEASED);
                assertThat(results).containsExactly("RELEASED", "refused");
                assertThat(s).isEqualTo(new StockLevel(sku, loc, 10, 0, 10));
            }
        }
    }

    @Test
    void aReleaseThatReadTheHoldBeforeAnOrderClaimedItLeavesTheStockWithTheOrder() {
        String sku = uid("RACE"), loc = uid("store");
        one.stock(sku, 10, loc);
        Reservation r = one.inventory.hold("racer", List.of(new ReservationLine(sku, loc, 3)), Duration.ofMinutes(5), x -> Writes.none());
        Reservation readByTheRelease = one.store.reservation(r.id()).orElseThrow();

        two.table.transact(two.inventory.claimForOrder(r.id(), "ord_claimed")); // the checkout lands between read and write

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> one.store.finish(readByTheRelease, Reservation.Status.RELEASED, Writes.none()))
                .isInstanceOf(ReservationNotHeld.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> one.inventory.release(r.id()))
                .isInstanceOfSatisfying(Rejected.class, p -> assertThat(p.reason()).isEqualTo("reservation-belongs-to-order"));
        assertThat(one.inventory.reservation(r.id()).status()).isEqualTo(Reservation.Status.HELD);
        assertThat(one.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 10, 3, 7));
    }

    private static String attempt(Supplier<Reservation> action) {
        try {
            return action.get().status().name();
        } catch (Rejected p) {
            assertThat(p.kind()).isEqualTo(Rejected.Kind.CONFLICT);
            return "refused";
        }
    }
}
