package dev.unifiedcommerce.export.dynamo;

import dev.unifiedcommerce.export.ExportCheckpoint;
import dev.unifiedcommerce.export.ExportCheckpoints;
import dev.unifiedcommerce.export.ExportWindow;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/** The checkpoint as one item (EXPORT / CHECKPOINT), every change conditional on the version read. */
@ApplicationScoped
public class DynamoExportCheckpoints implements ExportCheckpoints {
    private final Table table;

    public DynamoExportCheckpoints(Table table) { this.table = table; }

    @Override
    public Optional<ExportCheckpoint> read() {
        return table.get(Keys.exportCheckpoint()).map(i -> {
            String from = str(i, "windowFrom"), exportedTo = str(i, "exportedTo"), lastFull = str(i, "lastFullAt");
            ExportWindow window = new ExportWindow(ExportWindow.Kind.valueOf(str(i, "kind")), from == null ? null : Instant.parse(from),
                    Instant.parse(str(i, "windowTo")));
            return new ExportCheckpoint(exportedTo == null ? null : Instant.parse(exportedTo), lastFull == null ? null : Instant.parse(lastFull), window,
                    str(i, "exportArn"),
                    ExportCheckpoint.Status.valueOf(str(i, "status")), (int) num(i, "attempts"), str(i, "failure"), num(i, Keys.VERSION));
        });
    }

    @Override
    public boolean save(ExportCheckpoint c) {
        Map<String, AttributeValue> item = Keys.exportCheckpoint().asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.CHECKPOINT.name()));
        if (c.exportedTo() != null) item.put("exportedTo", s(c.exportedTo().toString()));
        if (c.lastFullAt() != null) item.put("lastFullAt", s(c.lastFullAt().toString()));
        item.put("kind", s(c.window().kind().name()));
        if (c.window().from() != null) item.put("windowFrom", s(c.window().from().toString()));
        item.put("windowTo", s(c.window().to().toString()));
        if (c.exportArn() != null) item.put("exportArn", s(c.exportArn()));
        item.put("status", s(c.status().name()));
        item.put("attempts", n(c.attempts()));
        if (c.failure() != null) item.put("failure", s(c.failure()));
        item.put(Keys.VERSION, n(c.version() + 1));
        Map<String, String> names = new HashMap<>(Map.of("#v", Keys.VERSION));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (c.version() == 0) {
            condition = "attribute_not_exists(#v)";
        } else {
            condition = "#v = :read";
            values.put(":read", n(c.version()));
        }
        try {
            table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values)));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }
}
