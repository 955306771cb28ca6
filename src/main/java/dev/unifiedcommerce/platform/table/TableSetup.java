package dev.unifiedcommerce.platform.table;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import java.util.List;

/**
 * Creates the table from {@link TableDefinition} where nobody else does: the local stack and the tests.
 * In AWS the table belongs to template.yaml and this never runs (commerce.table.create-if-missing=false).
 */
@ApplicationScoped
public class TableSetup {
    private static final Logger LOG = Logger.getLogger(TableSetup.class);

    /** The client is asked for only here: in AWS (createIfMissing false) it is made by the first request that needs it. */
    void onStart(@Observes StartupEvent event, Instance<DynamoDbClient> client, TableConfig config) {
        if (config.createIfMissing()) createIfMissing(client.get(), config.name(), TableDefinition.load());
    }

    public static void createIfMissing(DynamoDbClient client, String tableName, TableDefinition def) {
        try {
            var existing = client.describeTable(b -> b.tableName(tableName)).table();
            var stream = existing.streamSpecification();
            if (def.streamViewType() != null && (stream == null || !Boolean.TRUE.equals(stream.streamEnabled()))) {
                // a local table made before the stream was part of the definition: the stream is switched on
                client.updateTable(b -> b.tableName(tableName).streamSpecification(s -> s.streamEnabled(true).streamViewType(def.streamViewType())));
                LOG.infof("table %s: change stream enabled", tableName);
            }
            return;
        } catch (ResourceNotFoundException missing) {
            // create below
        }
        try {
            client.createTable(createRequest(tableName, def));
            client.waiter().waitUntilTableExists(b -> b.tableName(tableName));
            client.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(def.ttlAttribute()).enabled(true)));
            LOG.infof("created table %s", tableName);
        } catch (ResourceInUseException raced) {
            // another instance created it first: fine
        }
    }

    public static CreateTableRequest createRequest(String tableName, TableDefinition def) {
        List<GlobalSecondaryIndex> indexes = def.globalSecondaryIndexes().stream().map(ix -> GlobalSecondaryIndex.builder()
                .indexName(ix.name())
                .keySchema(hash(ix.partitionKey()), range(ix.sortKey()))
                .projection(Projection.builder().projectionType(ProjectionType.fromValue(ix.projection())).build())
                .build()).toList();
        return CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(def.attributes().entrySet().stream()
                        .map(e -> AttributeDefinition.builder().attributeName(e.getKey()).attributeType(e.getValue()).build()).toList())
                .keySchema(hash(def.partitionKey()), range(def.sortKey()))
                .globalSecondaryIndexes(indexes)
                .billingMode(BillingMode.fromValue(def.billingMode()))
                .streamSpecification(def.streamViewType() == null ? null : StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(def.streamViewType()).build())
                .build();
    }

    private static KeySchemaElement hash(String name) { return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build(); }
    private static KeySchemaElement range(String name) { return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build(); }
}
