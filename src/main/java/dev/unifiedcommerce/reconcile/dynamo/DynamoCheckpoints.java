package dev.unifiedcommerce.reconcile.dynamo;

import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.reconcile.Checkpoints;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.s;
import static dev.unifiedcommerce.platform.table.Items.str;

@ApplicationScoped
public class DynamoCheckpoints implements Checkpoints {
    private final Table table;

    public DynamoCheckpoints(Table table) { this.table = table; }

    @Override
    public Optional<Instant> through() { return table.get(Keys.reconcileCheckpoint()).map(i -> Instants.parse(str(i, "through"))); }

    @Override
    public void advance(Instant through) {
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.reconcileCheckpoint().asMap())
                    .updateExpression("SET through = :t, #type = :type")
                    .conditionExpression("attribute_not_exists(through) OR through < :t")
                    .expressionAttributeNames(Map.of("#type", Keys.TYPE))
                    .expressionAttributeValues(Map.of(":t", s(Instants.format(through)), ":type", s(Keys.ItemType.CHECKPOINT.name())))));
        } catch (ConditionalCheckFailedException later) {
            // another pass got further: keep its checkpoint
        }
    }
}
