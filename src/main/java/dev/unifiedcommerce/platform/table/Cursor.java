package dev.unifiedcommerce.platform.table;

import dev.unifiedcommerce.platform.errors.Rejected;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The opaque {@code next} cursor of paginated lists: DynamoDB's LastEvaluatedKey (string attributes only, which
 * is all our keys hold), encoded so that clients cannot depend on its shape.
 */
public final class Cursor {
    private Cursor() {}

    public static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        lastEvaluatedKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sb.append(e.getKey()).append('\u0000').append(e.getValue().s()).append('\u0000'));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of the page after this one; null when this was the last. */
    public static String next(QueryResponse page) { return page.hasLastEvaluatedKey() ? encode(page.lastEvaluatedKey()) : null; }

    public static Map<String, AttributeValue> decode(String next) {
        if (next == null || next.isBlank()) return null;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8).split("\u0000", -1);
            if (parts.length < 3 || parts.length % 2 != 1) throw new IllegalArgumentException();
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            for (int i = 0; i + 1 < parts.length; i += 2) {
                if (!parts[i].matches("PK|SK|GSI[12](PK|SK)")) throw new IllegalArgumentException();
                key.put(parts[i], AttributeValue.fromS(parts[i + 1]));
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("next", "is not a cursor this API returned");
        }
    }
}
