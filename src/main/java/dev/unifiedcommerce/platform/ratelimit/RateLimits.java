package dev.unifiedcommerce.platform.ratelimit;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.n;
import static dev.unifiedcommerce.platform.table.Items.s;

/**
 * Counters per fixed window in the table (DESIGN.md "Rate limits"): {@code RATE#{what}#{window start}}, one conditional
 * ADD per use, so every function instance counts the same uses; TTL only cleans finished windows up.
 */
@ApplicationScoped
public class RateLimits {
    private final Table table;
    private final Clock clock;

    public RateLimits(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** One use of {@code what}; 429 naming {@code field} (Retry-After: the window's end) when {@code limit} uses were made. */
    public void consume(String what, int limit, Duration window, String field, String detail) {
        if (!tryConsume(what, limit, window)) {
            Instant now = clock.instant();
            long end = windowStart(now, window) + window.toSeconds();
            int retryAfter = (int) Math.max(1, end - now.getEpochSecond());
            throw new Rejected(Rejected.Kind.TOO_MANY, "rate-limited", "Too many requests", detail, field, Map.of("retryAfterSeconds", retryAfter), retryAfter);
        }
    }

    /** How many uses of {@code what} the window starting at {@code windowStart} counted so far. */
    public long used(String what, long windowStart) {
        return table.get(Keys.rateLimit(what, windowStart)).map(i -> i.containsKey("uses") ? Long.parseLong(i.get("uses").n()) : 0L).orElse(0L);
    }

    /** The start (epoch second) of the fixed window {@code at} falls in. */
    public static long windowStart(Instant at, Duration window) { return at.getEpochSecond() / window.toSeconds() * window.toSeconds(); }

    /** One use of {@code what} if fewer than {@code limit} were made in this window; false (nothing counted) otherwise. */
    public boolean tryConsume(String what, int limit, Duration window) {
        Instant now = clock.instant();
        long start = windowStart(now, window);
        long end = start + window.toSeconds();
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                    .key(Keys.rateLimit(what, start).asMap())
                    .updateExpression("ADD uses :one SET #type = :type, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(uses) OR uses < :limit")
                    .expressionAttributeNames(Map.of("#type", Keys.TYPE, "#ttl", Keys.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit), ":type", s(Keys.ItemType.RATE_LIMIT.name()),
                            ":ttl", n(end + 3600)))));
            return true;
        } catch (ConditionalCheckFailedException over) {
            return false;
        }
    }
}
