package dev.unifiedcommerce.followup.dynamo;

import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoFollowUpStore implements FollowUpStore {
    private final Table table;

    public DynamoFollowUpStore(Table table) { this.table = table; }

    /**
     * Decided (again): what it works from and when it is due are set; when it was first owed and how often it was tried
     * are kept, so a follow-up decided again on every unclear answer still ages (and is reported) and still backs off.
     */
    @Override
    public Writes owedWrites(FollowUp f) {
        var index = Keys.followUpIndex(Instants.format(f.dueAt()), f.id());
        Map<String, AttributeValue> values = new HashMap<>(Keys.setValues(index));
        values.put(":type", s(Keys.ItemType.FOLLOW_UP.name()));
        values.put(":id", s(f.id()));
        values.put(":kind", s(f.kind().name()));
        values.put(":data", dataValue(f.data()));
        values.put(":created", s(Instants.format(f.createdAt())));
        values.put(":due", s(Instants.format(f.dueAt())));
        values.put(":zero", n(f.attempts()));
        return TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.followUp(f.id()).asMap())
                .updateExpression("SET #type = :type, id = :id, kind = :kind, #data = :data, dueAt = :due, createdAt = if_not_exists(createdAt, :created), "
                        + "attempts = if_not_exists(attempts, :zero), " + Keys.setClause(index))
                .expressionAttributeNames(Map.of("#type", Keys.TYPE, "#data", "data")).expressionAttributeValues(values)).build(), "follow-up");
    }

    @Override
    public Writes doneWrites(String id) {
        return TableWrite.of(TransactWriteItem.builder().delete(d -> d.tableName(table.name()).key(Keys.followUp(id).asMap())).build(), "follow-up-done");
    }

    @Override
    public Optional<FollowUp> followUp(String id) { return table.get(Keys.followUp(id)).map(DynamoFollowUpStore::toFollowUp); }

    @Override
    public List<FollowUp> due(Instant now, int limit) {
        var page = table.query(QueryRequest.builder().indexName(Keys.GSI2)
                .keyConditionExpression("#pk = :q AND #sk <= :cutoff")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK, "#sk", Keys.GSI2SK))
                .expressionAttributeValues(Map.of(":q", s(Keys.FOLLOW_UPS), ":cutoff", s(Instants.format(now) + "#~")))
                .limit(limit));
        return page.items().stream().map(DynamoFollowUpStore::toFollowUp).toList();
    }

    @Override
    public Optional<FollowUp> claim(FollowUp seen, Instant now, Instant leaseUntil) {
        var index = Keys.followUpIndex(Instants.format(leaseUntil), seen.id());
        Map<String, AttributeValue> values = new HashMap<>(Keys.setValues(index));
        values.put(":seen", n(seen.attempts()));
        values.put(":one", n(1));
        values.put(":lease", s(Instants.format(leaseUntil)));
        try {
            var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.followUp(seen.id()).asMap())
                    .updateExpression("SET attempts = attempts + :one, dueAt = :lease, " + Keys.setClause(index))
                    .conditionExpression("attempts = :seen").expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)));
            return Optional.of(toFollowUp(out.attributes()));
        } catch (ConditionalCheckFailedException takenOrDone) {
            return Optional.empty();
        }
    }

    @Override
    public void retryAt(FollowUp claimed, Instant at, String error, Map<String, String> data) {
        var index = Keys.followUpIndex(Instants.format(at), claimed.id());
        Map<String, AttributeValue> values = new HashMap<>(Keys.setValues(index));
        values.put(":claimed", n(claimed.attempts()));
        values.put(":at", s(Instants.format(at)));
        values.put(":error", s(error == null ? "" : error.length() > 500 ? error.substring(0, 500) : error));
        if (data != null) values.put(":data", dataValue(data));
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.followUp(claimed.id()).asMap())
                    .updateExpression("SET dueAt = :at, lastError = :error, " + Keys.setClause(index) + (data == null ? "" : ", #data = :data"))
                    .conditionExpression("attempts = :claimed").expressionAttributeValues(values)
                    .expressionAttributeNames(data == null ? null : Map.of("#data", "data"))));
        } catch (ConditionalCheckFailedException decidedAgainOrDone) {
            // done meanwhile (the deciding request finished it), or decided again: leave it as it is now
        }
    }

    @Override
    public void done(String id) { table.transact(doneWrites(id)); }

    @Override
    public Backlog backlog(Instant now, int upTo) {
        var page = table.query(QueryRequest.builder().indexName(Keys.GSI2).keyConditionExpression("#pk = :q")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK)).expressionAttributeValues(Map.of(":q", s(Keys.FOLLOW_UPS)))
                .limit(upTo));
        Instant oldest = page.items().stream().map(i -> Instants.parse(str(i, "createdAt"))).min(Instant::compareTo).orElse(null);
        return new Backlog(page.items().size(), oldest);
    }

    private static AttributeValue dataValue(Map<String, String> data) {
        return AttributeValue.fromM(data.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> s(e.getValue()))));
    }

    private static FollowUp toFollowUp(Map<String, AttributeValue> i) {
        Map<String, String> data = new HashMap<>();
        map(i, "data").forEach((k, v) -> data.put(k, v.s()));
        return new FollowUp(str(i, "id"), FollowUp.Kind.valueOf(str(i, "kind")), data, Instants.parse(str(i, "createdAt")),
                Instants.parse(str(i, "dueAt")), (int) num(i, "attempts"), str(i, "lastError"));
    }
}
