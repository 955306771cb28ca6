package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Writes;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md's shape rules, seen before anything outside the table acts: one action per item, 100 actions, 400 KB items. */
class TransactionShapeTest {
    static Writes update(String pk, String sk) {
        return TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName("t").key(Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK,
                AttributeValue.fromS(sk))).updateExpression("SET a = :a").expressionAttributeValues(Map.of(":a", AttributeValue.fromN("1")))).build(), "u");
    }

    static Writes put(String pk, String sk, int payloadBytes) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk)));
        item.put("payload", AttributeValue.fromS("x".repeat(payloadBytes)));
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName("t").item(item)).build(), "p");
    }

    @Test
    void distinctItemsUnderTheLimitsPass() {
        Writes w = update("PRODUCT#A", "STOCK#s1").and(update("PRODUCT#A", "STOCK#s2")).and(put("ORDER#o", "ORDER", 10_000));
        assertThat(w.shapeProblem()).isEmpty();
    }

    @Test
    void oneItemTouchedTwiceIsRefused() {
        Writes w = update("PRODUCT#A", "STOCK#s1").and(update("PRODUCT#B", "STOCK#s1")).and(update("PRODUCT#A", "STOCK#s1"));
        assertThat(w.shapeProblem()).hasValueSatisfying(p -> assertThat(p).contains("PRODUCT#A / STOCK#s1").contains("twice"));
    }

    @Test
    void moreThanOneHundredActionsAreRefused() {
        Writes w = Writes.none();
        for (int i = 0; i < 101; i++) w = w.and(update("PRODUCT#" + i, "STOCK#s"));
        assertThat(w.shapeProblem()).hasValueSatisfying(p -> assertThat(p).contains("at most 100"));
    }

    @Test
    void anItemOverFourHundredKilobytesIsRefused() {
        assertThat(put("ORDER#o", "ORDER", 400 * 1024).shapeProblem()).hasValueSatisfying(p -> assertThat(p).contains("400 KB"));
        assertThat(put("ORDER#o", "ORDER", 390 * 1024).shapeProblem()).isEmpty();
    }
}
