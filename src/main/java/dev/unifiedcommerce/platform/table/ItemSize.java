package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it (attribute names plus values; numbers about one byte per two digits; lists
 * and maps three bytes plus one per element), to refuse an over-sized item before anything else has acted on it.
 */
public final class ItemSize {
    static final int MAX_BYTES = 400 * 1024;

    private ItemSize() {}

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (var e : item.entrySet()) size += utf8(e.getKey()) + of(e.getValue());
        return size;
    }

    private static long of(AttributeValue v) {
        if (v.s() != null) return utf8(v.s());
        if (v.n() != null) return v.n().length() / 2 + 2;
        if (v.b() != null) return v.b().asByteArray().length;
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) return 1;
        if (v.hasL()) return 3 + v.l().stream().mapToLong(x -> 1 + of(x)).sum();
        if (v.hasM()) return 3 + v.m().entrySet().stream().mapToLong(x -> 1 + utf8(x.getKey()) + of(x.getValue())).sum();
        if (v.hasSs()) return v.ss().stream().mapToLong(ItemSize::utf8).sum();
        if (v.hasNs()) return v.ns().stream().mapToLong(x -> x.length() / 2 + 2).sum();
        return 0;
    }

    private static long utf8(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }
}
