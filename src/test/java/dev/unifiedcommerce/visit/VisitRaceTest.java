package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.bench.TwoInstances;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.Phones;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Shoppers racing for a slot's last place, or for the last pair, on two application instances: one booking each time. */
class VisitRaceTest {
    static TwoInstances instances;

    @BeforeAll
    static void twoInstances() { instances = new TwoInstances("commerce-visit-race"); }

    @AfterAll
    static void close() { instances.close(); }

    /** A store (UTC) open all day with 60-minute slots of {@code capacity}, stocking {@code units} of a new SKU: {sku, store}. */
    static String[] store(int capacity, int units) {
        var stack = instances.stacks[0];
        String sku = "SHOE-" + UUID.randomUUID().toString().substring(0, 8), loc = "store-" + UUID.randomUUID().toString().substring(0, 8);
        stack.base.stock(sku, units, loc);
        stack.visits.saveSchedule(new VisitSchedule(loc, 60, capacity, Arrays.stream(DayOfWeek.values())
                .map(d -> new VisitSchedule.OpeningHours(d, LocalTime.of(0, 0), LocalTime.of(23, 0))).toList(), Set.of(), 30, 3, 60, 14));
        return new String[]{sku, loc};
    }

    static Instant slot(int hour) { return LocalDate.now(ZoneId.of("UTC")).plusDays(1).atTime(hour, 0).atZone(ZoneId.of("UTC")).toInstant(); }

    static Map<String, Integer> race(int shoppers, IntFunction<Visits.Booking> booking) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(shoppers);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < shoppers; i++) {
            int n = i;
            all.add(pool.submit(() -> {
                go.await();
                String answer;
                try {
                    instances.stacks[n % 2].visits.book("race", booking.apply(n), id -> Writes.none());
                    answer = "BOOKED";
                } catch (InsufficientStock short_) {
                    answer = "SHORT";
                } catch (Rejected p) {
                    answer = p.kind() + " " + p.field();
                }
                answers.merge(answer, 1, Integer::sum);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : all) f.get();
        pool.shutdown();
        return answers;
    }

    static Contact shopper(int n) { return new Contact(Phones.unique("+1415555", 4), null, "Shopper " + n); }

    @Test
    void thirtyShoppersOnTwoInstancesRacingForASlotsLastPlaceLeaveOneBooking() throws Exception {
        String[] s = store(1, 100);
        Map<String, Integer> answers = race(30, n -> new Visits.Booking(s[1], slot(10), null, shopper(n), List.of(new Visit.Item(s[0], 1)), null));
        assertThat(answers).containsEntry("BOOKED", 1).containsEntry("CONFLICT start", 29);
        assertThat(instances.stacks[1].visitStore.booked(s[1], slot(10), slot(11))).containsEntry(slot(10), 1L);
        assertThat(instances.stacks[1].base.level(s[0], s[1]).reserved()).isEqualTo(1); // the losers held nothing
    }

    @Test
    void theLastPairWithTwoSlotsOpenIsBookedOnce() throws Exception {
        String[] s = store(5, 1);
        Map<String, Integer> answers = race(20, n -> new Visits.Booking(s[1], slot(10 + n % 2), null, shopper(n), List.of(new Visit.Item(s[0], 1)), null));
        assertThat(answers).containsEntry("BOOKED", 1).containsEntry("SHORT", 19);
        var booked = instances.stacks[1].visitStore.booked(s[1], slot(0), slot(23));
        assertThat(booked.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1); // no place taken by a refused booking
        assertThat(instances.stacks[1].base.level(s[0], s[1]).available()).isZero();
    }
}
