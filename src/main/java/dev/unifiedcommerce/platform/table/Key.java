package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/** A primary key of the single table. */
public record Key(String pk, String sk) {
    public Map<String, AttributeValue> asMap() {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(Keys.PK, AttributeValue.fromS(pk));
        m.put(Keys.SK, AttributeValue.fromS(sk));
        return m;
    }
}
