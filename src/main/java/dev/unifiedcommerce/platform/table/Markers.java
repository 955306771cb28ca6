package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * "This happened once" items: a conditional put that fails when the marker exists. Put in the same transaction
 * as the effect, a marker makes the effect happen at most once (a processed Stripe event, an applied payment).
 */
public final class Markers {
    /** Tag of a marker action; {@code kind} tells which marker refused. */
    public record MarkerTag(String kind, String id) {}

    private Markers() {}

    public static Writes put(Table table, Key key, Keys.ItemType type, String kind, String id, Map<String, AttributeValue> attributes,
                             Duration keepFor, Clock clock) {
        Map<String, AttributeValue> item = new HashMap<>(key.asMap());
        item.put(Keys.TYPE, Items.s(type.name()));
        item.putAll(attributes);
        item.put("at", Items.s(clock.instant().toString()));
        if (keepFor != null) item.put(Keys.TTL, Items.n(clock.instant().plus(keepFor).getEpochSecond()));
        return Writes.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(),
                new MarkerTag(kind, id));
    }

    public static boolean refusedBy(ConditionFailed failed, String kind) {
        return failed.tagsOf(MarkerTag.class).stream().anyMatch(t -> t.kind().equals(kind));
    }
}
