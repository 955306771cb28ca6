package dev.unifiedcommerce.customer.dynamo;

import dev.unifiedcommerce.customer.LoyaltyLedger;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoLoyaltyLedger implements LoyaltyLedger {
    private final Table table;

    public DynamoLoyaltyLedger(Table table) { this.table = table; }

    @Override
    public Writes append(String customerId, List<Entry> entries, Guard guard) {
        Writes writes = Writes.none();
        long sum = 0;
        for (Entry e : entries) {
            Map<String, AttributeValue> item = Keys.loyaltyEntry(customerId, Instants.format(e.at()), e.orderId()).asMap();
            item.put(Keys.TYPE, s(Keys.ItemType.LOYALTY_ENTRY.name()));
            item.put("at", s(Instants.format(e.at())));
            item.put("orderId", s(e.orderId()));
            item.put("points", n(e.points()));
            item.put("reason", s(e.reason()));
            var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
            writes = writes.and(TableWrite.of(put, "loyalty-entry"));
            sum += e.points();
        }
        long delta = sum;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", n(delta)));
        String condition = "attribute_exists(#pk)";
        if (guard != null) {
            values.put(":least", n(guard.atLeast()));
            condition += " AND loyaltyPoints >= :least";
        }
        String cond = condition;
        var balance = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.customer(customerId).asMap())
                .updateExpression("ADD loyaltyPoints :p").conditionExpression(cond)
                .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(values)).build();
        return writes.and(guard == null ? TableWrite.of(balance, "loyalty-balance") : TableWrite.of(balance, "loyalty-balance", guard.refused()));
    }

    @Override
    public List<Entry> entries(String customerId) {
        List<Entry> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.customerPartition(customerId), Keys.SK, Keys.LOYALTY_PREFIX).forEach(i -> out.add(new Entry(Instants.parse(str(i, "at")), str(i, "orderId"), num(i, "points"), str(i, "reason"))));
        return out;
    }
}
