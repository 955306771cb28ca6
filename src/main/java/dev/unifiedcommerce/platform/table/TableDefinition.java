package dev.unifiedcommerce.platform.table;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The table's keys, indexes, TTL attribute and change stream (what Reports is fed by), read from {@code infra/table.json}: the single definition that
 * the local/test table is created from and that template.yaml is tested against.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableDefinition(String partitionKey, String sortKey, Map<String, String> attributes,
                              List<Index> globalSecondaryIndexes, String ttlAttribute, String billingMode, String streamViewType) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Index(String name, String partitionKey, String sortKey, String projection) {}

    public static TableDefinition load() {
        try (InputStream in = TableDefinition.class.getResourceAsStream("/infra/table.json")) {
            if (in == null) throw new IllegalStateException("infra/table.json is not on the classpath");
            return new ObjectMapper().readValue(in, TableDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
