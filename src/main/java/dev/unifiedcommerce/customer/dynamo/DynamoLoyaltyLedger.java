package dev.unifiedcommerce.customer.dynamo;

import dev.unifiedcommerce.customer.LoyaltyLedger;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import dev.unifiedcommerce.platform.time.Instants;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoLoyaltyLedger implements LoyaltyLedger {
    private final Table table;

    public DynamoLoyaltyLedger(Table table) { this.table = table; }

    @Override
    public Writes append(String customerId, Entry e) {
        Map<String, AttributeValue> item = Keys.loyaltyEntry(customerId, Instants.format(e.at()), e.orderId()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.LOYALTY_ENTRY.name()));
        item.put("at", s(Instants.format(e.at())));
        item.put("orderId", s(e.orderId()));
        item.put("points", n(e.points()));
        item.put("reason", s(e.reason()));
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        var balance = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.customer(customerId).asMap())
                .updateExpression("ADD loyaltyPoints :p").conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":p", n(e.points())))).build();
        return Writes.of(put, "loyalty-entry").and(Writes.of(balance, "loyalty-balance"));
    }

    @Override
    public List<Entry> entries(String customerId) {
        List<Entry> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPrefix(null, Keys.PK, Keys.customerPartition(customerId), Keys.SK, Keys.LOYALTY_PREFIX, start, null);
            page.items().forEach(i -> out.add(new Entry(Instants.parse(str(i, "at")), str(i, "orderId"), num(i, "points"), str(i, "reason"))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
