package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Small helpers for reading and writing attribute values in item mappers. */
public final class Items {
    private Items() {}

    public static AttributeValue s(String v) { return AttributeValue.fromS(v); }
    public static AttributeValue n(long v) { return AttributeValue.fromN(Long.toString(v)); }
    public static AttributeValue bool(boolean v) { return AttributeValue.fromBool(v); }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    public static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasM() ? Map.of() : v.m();
    }

    public static String type(Map<String, AttributeValue> item) { return str(item, Keys.TYPE); }
}
