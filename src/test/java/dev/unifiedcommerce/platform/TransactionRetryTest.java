package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableUnavailable;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.ServiceStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.util.List;

import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conflicts and throttling, injected through an SDK interceptor: retried with backoff, never half-written. */
class TransactionRetryTest {
    static ServiceStack stack;

    @BeforeAll
    static void start() { stack = new ServiceStack(new FaultInjector()); }

    @AfterAll
    static void stop() { stack.close(); }

    @AfterEach
    void clear() { FaultInjector.reset(); }

    static RuntimeException conflict() {
        return TransactionCanceledException.builder().message("Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]")
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").message("Transaction is ongoing for the item").build())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build()).statusCode(400).build();
    }

    static RuntimeException throttled() {
        return ProvisionedThroughputExceededException.builder().message("Rate of requests exceeds the allowed throughput")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build();
    }

    @Test
    void aCommitWhoseAnswerWasLostIsRecognisedWhenRetriedNotRefusedByItsOwnConditions() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 5, loc);
        FaultInjector.reset();
        FaultInjector.loseAnswerOfNext("TransactWriteItems", 1);

        // The first attempt is applied; its retry carries the same ClientRequestToken, so DynamoDB answers success
        // instead of "reservation exists / not enough stock", and the units are held once.
        var r = stack.inventory.hold("shopper", List.of(new ReservationLine(sku, loc, 2)), Duration.ofMinutes(5), x -> Writes.none());

        assertThat(FaultInjector.calls("TransactWriteItems")).isEqualTo(2);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 5, 2, 3));
        assertThat(stack.inventory.reservation(r.id()).status()).isEqualTo(Reservation.Status.HELD);
    }

    @Test
    void aHoldThatMeetsTransactionConflictsIsRetriedUntilItSucceeds() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 5, loc);
        FaultInjector.reset();
        FaultInjector.failNext("TransactWriteItems", 2, TransactionRetryTest::conflict);

        stack.inventory.hold("shopper", List.of(new ReservationLine(sku, loc, 2)), Duration.ofMinutes(5), r -> Writes.none());

        assertThat(FaultInjector.calls("TransactWriteItems")).isEqualTo(3);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 5, 2, 3));
    }

    @Test
    void aHoldThatStaysThrottledGivesUpAsUnavailableAndWritesNothing() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 5, loc);
        FaultInjector.reset();
        FaultInjector.failNext("TransactWriteItems", 100, TransactionRetryTest::throttled);

        assertThatThrownBy(() -> stack.inventory.hold("shopper", List.of(new ReservationLine(sku, loc, 2)), Duration.ofMinutes(5), r -> Writes.none()))
                .isInstanceOf(TableUnavailable.class);

        assertThat(FaultInjector.calls("TransactWriteItems")).isEqualTo(6);
        assertThat(stack.level(sku, loc)).isEqualTo(new StockLevel(sku, loc, 5, 0, 5));
        assertThat(stack.store.expiredHolds(sku, loc, stack.clock.instant().plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void throttledReadsAreRetriedToo() {
        String sku = uid("SKU"), loc = uid("store");
        stack.stock(sku, 5, loc);
        FaultInjector.reset();
        FaultInjector.failNext("Query", 2, TransactionRetryTest::throttled);

        assertThat(stack.level(sku, loc).available()).isEqualTo(5);
        assertThat(FaultInjector.calls("Query")).isEqualTo(3);
    }

    @Test
    void aThrottledCallIsNotRetriedWhenTheRequestHasNoTimeLeftForAnotherAttempt() {
        // 2.5 s left and an attempt may take 3 s: a retry would outlive the function, so the caller hears 503 now
        var hurried = new Table(stack.client, ServiceStack.TABLE,
                new Table.RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(3)),
                () -> Duration.ofMillis(2500));
        FaultInjector.failNext("GetItem", 100, TransactionRetryTest::throttled);

        assertThatThrownBy(() -> hurried.get(new Key("PRODUCT#none", "A"))).isInstanceOf(TableUnavailable.class);

        assertThat(FaultInjector.calls("GetItem")).isEqualTo(1);
    }

    @Test
    void withTimeLeftTheSameCallIsRetriedUpToItsAttempts() {
        var unhurried = new Table(stack.client, ServiceStack.TABLE,
                new Table.RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(3)),
                () -> Duration.ofSeconds(30));
        FaultInjector.failNext("GetItem", 100, TransactionRetryTest::throttled);

        assertThatThrownBy(() -> unhurried.get(new Key("PRODUCT#none", "A"))).isInstanceOf(TableUnavailable.class);

        assertThat(FaultInjector.calls("GetItem")).isEqualTo(6);
    }
}
