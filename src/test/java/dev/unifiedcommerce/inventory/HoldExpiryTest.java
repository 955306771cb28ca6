package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.ServiceStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Holds run out on our clock, not DynamoDB TTL's: lazily when a hold needs their stock, and by the Sweeper. */
class HoldExpiryTest {
    static ServiceStack stack;

    @BeforeAll
    static void start() { stack = new ServiceStack(); }

    @AfterAll
    static void stop() { stack.close(); }

    private Reservation hold(String sku, String loc, int q, Duration ttl) {
        return stack.inventory.hold("shopper", List.of(new ReservationLine(sku, loc, q)), ttl, r -> Writes.none());
    }

    @Test
    void aLiveHoldKeepsItsStock() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 1, loc);
        hold(sku, loc, 1, Duration.ofMinutes(15));
        assertThatThrownBy(() -> hold(sku, loc, 1, Duration.ofMinutes(15))).isInstanceOf(InsufficientStock.class);
    }

    @Test
    void anExpiredHoldStopsCountingOnceAHoldNeedsItsStock() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 1, loc);
        Reservation first = hold(sku, loc, 1, Duration.ofSeconds(60));
        stack.clock.advance(Duration.ofSeconds(61));

        Reservation second = hold(sku, loc, 1, Duration.ofMinutes(15));

        assertThat(second.status()).isEqualTo(Reservation.Status.HELD);
        assertThat(stack.inventory.reservation(first.id()).status()).isEqualTo(Reservation.Status.EXPIRED);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 1, 1, 0));
    }

    @Test
    void holdsAreQueuedForTheSweeperOverSeveralIndexPartitionsAndOnesQueuedTheOldWayStillExpire() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 40, loc);
        Set<String> queues = new HashSet<>();
        List<Reservation> holds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Reservation r = hold(sku, loc, 1, Duration.ofSeconds(60));
            holds.add(r);
            queues.add(stack.table.get(Keys.reservation(r.id())).orElseThrow().get("GSI2PK").s());
        }
        assertThat(queues).hasSizeGreaterThan(4).allMatch(q -> q.startsWith("HELD#"));
        // one queued as before the queue was spread: a reservation left by the previous version
        stack.client.updateItem(b -> b.tableName(stack.table.name()).key(Keys.reservation(holds.getFirst().id()).asMap())
                .updateExpression("SET GSI2PK = :held").expressionAttributeValues(Map.of(":held",
                        AttributeValue.fromS("HELD"))));
        stack.clock.advance(Duration.ofSeconds(90));

        stack.inventory.sweep(100);

        assertThat(holds).allMatch(r -> stack.inventory.reservation(r.id()).status() == Reservation.Status.EXPIRED);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 40, 0, 40));
    }

    @Test
    void theSweeperReleasesExpiredHoldsAndLeavesLiveOnes() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 5, loc);
        Reservation shortHold = hold(sku, loc, 2, Duration.ofSeconds(60));
        Reservation longHold = hold(sku, loc, 1, Duration.ofHours(2));
        stack.clock.advance(Duration.ofSeconds(90));

        int expired = stack.inventory.sweep(100);

        assertThat(expired).isGreaterThanOrEqualTo(1);
        assertThat(stack.inventory.reservation(shortHold.id()).status()).isEqualTo(Reservation.Status.EXPIRED);
        assertThat(stack.inventory.reservation(longHold.id()).status()).isEqualTo(Reservation.Status.HELD);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 5, 1, 4));
        assertThat(stack.store.expiredHolds(sku, loc, stack.clock.instant().plus(Duration.ofDays(1)))).containsExactly(longHold.id());
    }

    @Test
    void aPaymentForAHoldPastItsExpiryThatNobodyReleasedYetStillCommits() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 2, loc);
        Reservation r = hold(sku, loc, 2, Duration.ofSeconds(60));
        stack.clock.advance(Duration.ofSeconds(120));

        stack.inventory.commit(r.id(), Writes.none());

        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 0, 0, 0));
        assertThat(stack.inventory.reservation(r.id()).status()).isEqualTo(Reservation.Status.COMMITTED);
    }

    @Test
    void commitOfAnExpiredReservationIsRefusedAndMovesNoStock() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 2, loc);
        Reservation r = hold(sku, loc, 2, Duration.ofSeconds(60));
        stack.clock.advance(Duration.ofSeconds(120));
        stack.inventory.sweep(100);

        assertThatThrownBy(() -> stack.inventory.commit(r.id(), Writes.none()))
                .isInstanceOfSatisfying(Rejected.class, p -> assertThat(p.kind()).isEqualTo(Rejected.Kind.CONFLICT));
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 2, 0, 2));
    }

    @Test
    void commitIsIdempotentAndReleaseAfterCommitIsRefused() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 3, loc);
        Reservation r = hold(sku, loc, 1, Duration.ofMinutes(10));
        stack.inventory.commit(r.id(), Writes.none());
        stack.inventory.commit(r.id(), Writes.none());

        assertThatThrownBy(() -> stack.inventory.release(r.id()))
                .isInstanceOfSatisfying(Rejected.class, p -> assertThat(p.kind()).isEqualTo(Rejected.Kind.CONFLICT));
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 2, 0, 2));
    }
}
