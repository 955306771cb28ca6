package dev.unifiedcommerce.terminal.dynamo;

import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.ReaderStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoReaderStore implements ReaderStore {
    private final Table table;

    public DynamoReaderStore(Table table) { this.table = table; }

    @Override
    public void save(Reader r) {
        Map<String, AttributeValue> item = Keys.reader(r.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.READER.name()));
        item.put("id", s(r.id()));
        item.put("stripeReaderId", s(r.stripeReaderId()));
        item.put("label", s(r.label()));
        item.put("locationId", s(r.locationId()));
        item.put("deviceType", s(r.deviceType()));
        item.put("status", s(r.status()));
        item.putAll(Keys.readerIndex(r.locationId(), r.id()));
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))));
    }

    private static Reader toReader(Map<String, AttributeValue> i) {
        Map<String, AttributeValue> a = map(i, "action");
        Reader.Action action = a.isEmpty() ? null : new Reader.Action(Reader.Action.State.valueOf(str(a, "state")), str(a, "orderId"), str(a, "paymentIntentId"), str(a, "detail"));
        return new Reader(str(i, "id"), str(i, "stripeReaderId"), str(i, "label"), str(i, "locationId"), str(i, "deviceType"), str(i, "status"), action);
    }

    @Override
    public Optional<Reader> reader(String id) { return table.get(Keys.reader(id)).map(DynamoReaderStore::toReader); }

    @Override
    public List<Reader> atLocation(String locationId) {
        List<Reader> out = new ArrayList<>();
        table.queryAll(Keys.GSI1, Keys.GSI1PK, Keys.locationPartition(locationId), Keys.GSI1SK, Keys.READER_PREFIX).stream().map(DynamoReaderStore::toReader).forEach(out::add);
        return out;
    }

    @Override
    public void delete(String id) {
        table.withRetries("DeleteItem", () -> table.client().deleteItem(b -> b.tableName(table.name()).key(Keys.reader(id).asMap())));
    }

    private static AttributeValue action(Reader.Action a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("state", s(a.state().name()));
        if (a.orderId() != null) m.put("orderId", s(a.orderId()));
        if (a.paymentIntentId() != null) m.put("paymentIntentId", s(a.paymentIntentId()));
        if (a.detail() != null) m.put("detail", s(a.detail()));
        return AttributeValue.fromM(m);
    }

    @Override
    public boolean setAction(String readerId, Reader.Action a, boolean onlyIfIdle) {
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> {
                b.tableName(table.name()).key(Keys.reader(readerId).asMap()).updateExpression("SET #action = :a")
                        .expressionAttributeNames(Map.of("#action", "action", "#pk", Keys.PK));
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":a", action(a)));
                if (onlyIfIdle) {
                    // idle, or busy with this very order (a retried checkout hands the same payment again)
                    values.put(":busy", s(Reader.Action.State.IN_PROGRESS.name()));
                    values.put(":order", s(a.orderId()));
                    b.conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#action) OR #action.#state <> :busy OR #action.orderId = :order)")
                            .expressionAttributeNames(Map.of("#action", "action", "#pk", Keys.PK, "#state", "state"));
                } else {
                    b.conditionExpression("attribute_exists(#pk)");
                }
                b.expressionAttributeValues(values);
            }));
            return true;
        } catch (ConditionalCheckFailedException busy) {
            return false;
        }
    }

    @Override
    public Writes actionWrites(String readerId, Reader.Action a) {
        return TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.reader(readerId).asMap())
                .updateExpression("SET #action = :a").conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#action", "action", "#pk", Keys.PK)).expressionAttributeValues(Map.of(":a", action(a)))).build(), "reader-action");
    }

    @Override
    public String attachTerminalLocation(String locationId, String stripeLocationId) {
        try {
            var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.location(locationId).asMap()).updateExpression("SET stripeTerminalLocationId = :t")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(stripeTerminalLocationId)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":t", s(stripeLocationId)))
                    .returnValues(ReturnValue.ALL_NEW)));
            return str(out.attributes(), "stripeTerminalLocationId");
        } catch (ConditionalCheckFailedException already) {
            return table.get(Keys.location(locationId)).map(i -> str(i, "stripeTerminalLocationId")).orElse(stripeLocationId);
        }
    }
}
