package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.errors.http.ProblemMappers;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.KeepsChanging;
import dev.unifiedcommerce.platform.transaction.Refused;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.support.ServiceStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one transaction port, against DynamoDB Local: what the domain composed is written all or nothing, a refusal names
 * the domain's own conditions (never an SDK type), and contention is retried by one policy with one answer.
 */
class TransactionsTest {
    static ServiceStack stack;
    static Transactions transactions;

    /** A condition as a capability would name it. */
    record AlreadyDelivered(String invoiceId) {}

    @BeforeAll
    static void start() {
        stack = new ServiceStack();
        transactions = stack.table;
    }

    @AfterAll
    static void stop() { stack.close(); }

    static Key key(String id) { return new Key("TEST#" + id, "TEST"); }

    /** A marker put only where none is: the kind of write every "at most once" rests on. */
    static TransactWriteItem markerPut(String id) {
        Map<String, AttributeValue> item = new HashMap<>(key(id).asMap());
        item.put(Keys.TYPE, AttributeValue.fromS("TEST"));
        return TransactWriteItem.builder().put(p -> p.tableName(stack.table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
    }

    static Writes marker(String id, Object condition) { return TableWrite.of(markerPut(id), condition); }

    static Writes marker(String id, Object condition, RuntimeException meaning) { return TableWrite.of(markerPut(id), condition, () -> meaning); }

    @Test
    void aRefusedCommitNamesTheDomainConditionsThatDidNotHoldAndWritesNothing() {
        String delivered = uid("in"), fresh = uid("new");
        transactions.commit(marker(delivered, new AlreadyDelivered(delivered)));

        assertThatThrownBy(() -> transactions.commit(marker(fresh, "fresh").and(marker(delivered, new AlreadyDelivered(delivered)))))
                .isInstanceOfSatisfying(Refused.class, refused -> {
                    assertThat(refused.conditions()).containsExactly(new AlreadyDelivered(delivered));
                    assertThat(refused.failed(AlreadyDelivered.class)).isTrue();
                    assertThat(refused.failed("fresh")).isFalse();
                });
        assertThat(stack.table.get(key(fresh))).as("all or nothing: the fresh item was not written either").isEmpty();
    }

    @Test
    void anExplainedCommitThrowsWhatTheRefusedWriteSaysItMeans() {
        String id = uid("visit");
        transactions.commit(marker(id, "visit"));
        Rejected changed = Rejected.conflict("visit-changed", "Visit changed", "visit '" + id + "' changed");

        assertThatThrownBy(() -> transactions.commitExplained(marker(id, "visit", changed))).isSameAs(changed);
    }

    @Test
    void anAttemptThatAnswersEndsTheRetries() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = Contention.retry("order 'ord_1'", () -> attempts.incrementAndGet() < 3 ? Optional.empty() : Optional.of("done"));

        assertThat(answer).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void eachAttemptReadsAfreshAndIsToldItsNumber() {
        List<Integer> seen = new ArrayList<>();
        Contention.retry("order 'ord_1'", attempt -> {
            seen.add(attempt);
            return attempt == 2 ? Optional.of(true) : Optional.empty();
        });

        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void whatKeepsChangingIsGivenUpAfterTheLastAttemptAsAConflictToRetry() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> Contention.retryUntil("visit 'vis_1'", () -> attempts.incrementAndGet() < 0))
                .isInstanceOfSatisfying(KeepsChanging.class, e -> assertThat(e.what()).isEqualTo("visit 'vis_1'"));
        assertThat(attempts).hasValue(Contention.ATTEMPTS);

        var response = new ProblemMappers().keepsChanging(new KeepsChanging("visit 'vis_1'"));
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getEntity()).asString().contains("concurrent-change").contains("visit 'vis_1' keeps changing");
    }
}
