package dev.unifiedcommerce.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Idempotency-Key mechanism (DESIGN.md), on the model of Powertools for AWS Lambda: a request with a key first
 * claims an IN_PROGRESS record (conditional put) holding the hash of its canonical body; its effect's transaction
 * then turns that record COMPLETED with the answer, in the same TransactWriteItems, so the effect and the stored
 * answer exist together or not at all. A retry with the same key and body replays the answer; another body is 409;
 * a duplicate while the first runs is 409 with Retry-After; an IN_PROGRESS record of a crashed request lapses after
 * the function timeout. When the work fails, the claim is dropped so the client may try again.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final String STATUS = "status", IN_PROGRESS = "IN_PROGRESS", COMPLETED = "COMPLETED";

    /** What the work gets: a way to turn the claim into the COMPLETED record inside its own transaction. */
    public interface Completion {
        /** The write that stores {@code answer} as this request's result; empty when the request has no key. */
        Writes record(int status, Object answer);
    }

    private final Table table;
    private final Clock clock;
    private final IdempotencyConfig config;
    private final ObjectMapper canonical;

    @Inject
    public Idempotency(Table table, Clock clock, IdempotencyConfig config, ObjectMapper mapper) {
        this.table = table;
        this.clock = clock;
        this.config = config;
        // Canonical form of a body: the parsed request re-serialised with sorted keys, so whitespace and field
        // order do not make "another body".
        this.canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
    }

    /**
     * Runs {@code work} at most once per (caller, route, key). {@code work} must include
     * {@code completion.record(...)} in the transaction that makes its effect, and return the answer it recorded.
     */
    public Response execute(String caller, String route, String key, Object body, int successStatus,
                            Function<Completion, Object> work) {
        return execute(caller, route, key, body, successStatus, work, null);
    }

    /**
     * As above; {@code replay}, when given, turns the stored answer into the response (e.g. the stored answer names
     * an order and the replay reads it, finishing what a crashed first attempt left undone).
     */
    public Response execute(String caller, String route, String key, Object body, int successStatus,
                            Function<Completion, Object> work, Function<String, Response> replay) {
        if (key == null) return respond(successStatus, work.apply((status, answer) -> Writes.none()));
        if (!KEY.matcher(key).matches()) throw Rejected.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        Key recordKey = Keys.idempotency(caller, route, key);
        String hash = hash(body);
        String token = UUID.randomUUID().toString();
        Response replayed = claim(recordKey, hash, token, replay);
        if (replayed != null) return replayed;
        try {
            return respond(successStatus, work.apply((status, result) -> completeWrite(recordKey, token, status, result)));
        } catch (RuntimeException e) {
            release(recordKey, token);
            throw e;
        }
    }

    /**
     * As {@link #execute}, with no request of its own: the work's one transaction writes the COMPLETED record under the
     * claim's condition (the key unused, or its IN_PROGRESS record lapsed), so a request that makes its effect and
     * knows its answer in one transaction (a hold; a checkout, whose answer names the order) costs nothing extra. A key
     * already used fails that condition and is answered as {@link #execute} answers it: a replay, 409 for another body
     * or while the first request runs. Nothing is written when the work fails, so there is nothing to release. Only for
     * work that writes nothing outside that transaction before it (a second request with the key would repeat it).
     */
    public Response executeInOneTransaction(String caller, String route, String key, Object body, int successStatus,
                                            Function<Completion, Object> work, Function<String, Response> replay) {
        if (key == null) return respond(successStatus, work.apply((status, answer) -> Writes.none()));
        if (!KEY.matcher(key).matches()) throw Rejected.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        Key recordKey = Keys.idempotency(caller, route, key);
        String hash = hash(body);
        String token = UUID.randomUUID().toString();
        try {
            return respond(successStatus, work.apply((status, answer) -> completedPut(recordKey, hash, token, status, answer)));
        } catch (KeyUsed used) {
            return answerUsed(table.get(recordKey).orElse(Map.of()), hash, replay);
        } catch (Rejected refused) {
            // Refused before reaching its transaction (stock the first request took, a reservation it claimed): a retry of
            // an answered request replays that answer. Read only on this path; our own record (a later step failed) is ours.
            if (refused.kind().isFailure()) throw refused;
            Map<String, AttributeValue> existing = table.get(recordKey).orElse(Map.of());
            if (existing.isEmpty() || token.equals(Items.str(existing, "token")) || claimable(existing)) throw refused;
            return answerUsed(existing, hash, replay);
        }
    }

    private boolean claimable(Map<String, AttributeValue> record) {
        long now = clock.millis() / 1000;
        return (IN_PROGRESS.equals(Items.str(record, STATUS)) && Items.num(record, "inProgressUntil") < now) || Items.num(record, Keys.TTL) < now;
    }

    /** The transaction found the key used: answered as a taken claim is. */
    private static final class KeyUsed extends RuntimeException {
        KeyUsed() { super("Idempotency-Key used", null, false, false); }
    }

    private Writes completedPut(Key recordKey, String hash, String token, int status, Object answer) {
        long now = clock.millis() / 1000;
        Map<String, AttributeValue> item = recordKey.asMap();
        item.put(Keys.TYPE, Items.s(Keys.ItemType.IDEMPOTENCY.name()));
        item.put(STATUS, Items.s(COMPLETED));
        item.put("requestHash", Items.s(hash));
        item.put("token", Items.s(token));
        item.put("responseStatus", Items.n(status));
        item.put("responseBody", Items.s(json(answer)));
        item.put(Keys.TTL, Items.n(now + config.retention().toSeconds()));
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression(CLAIMABLE)
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#status", STATUS, "#ttl", Keys.TTL))
                .expressionAttributeValues(Map.of(":inProgress", Items.s(IN_PROGRESS), ":now", Items.n(now)))).build();
        return TableWrite.of(put, "idempotency-record", KeyUsed::new);
    }

    /** The key is free: never used, its IN_PROGRESS record lapsed (a crashed request), or its record expired. */
    private static final String CLAIMABLE = "attribute_not_exists(#pk) OR (#status = :inProgress AND inProgressUntil < :now) OR #ttl < :now";

    /** The work's answer: an entity sent with the success status, or a whole response when the work chose its status. */
    private static Response respond(int successStatus, Object answer) {
        return answer instanceof Response r ? r : Response.status(successStatus).entity(answer).build();
    }

    private Response claim(Key recordKey, String hash, String token, Function<String, Response> replay) {
        long now = clock.millis() / 1000;
        Map<String, AttributeValue> item = recordKey.asMap();
        item.put(Keys.TYPE, Items.s(Keys.ItemType.IDEMPOTENCY.name()));
        item.put(STATUS, Items.s(IN_PROGRESS));
        item.put("requestHash", Items.s(hash));
        item.put("token", Items.s(token));
        item.put("inProgressUntil", Items.n(now + config.inProgressTimeout().toSeconds()));
        item.put(Keys.TTL, Items.n(now + config.retention().toSeconds()));
        try {
            table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(Map.of("#pk", Keys.PK, "#status", STATUS, "#ttl", Keys.TTL))
                    .expressionAttributeValues(Map.of(":inProgress", Items.s(IN_PROGRESS), ":now", Items.n(now)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return null;
        } catch (ConditionalCheckFailedException taken) {
            return answerUsed(taken.hasItem() ? taken.item() : table.get(recordKey).orElse(Map.of()), hash, replay);
        }
    }

    /** A used key: the same body replays the stored answer; another body, or a first request still running, is 409. */
    private Response answerUsed(Map<String, AttributeValue> existing, String hash, Function<String, Response> replay) {
        // gone again (its request failed and dropped it): that request is over a moment ago, the client may retry
        if (IN_PROGRESS.equals(Items.str(existing, STATUS)) || existing.isEmpty()) {
            if (!existing.isEmpty() && !hash.equals(Items.str(existing, "requestHash"))) throw reused();
            throw Rejected.conflict("idempotency-key-in-progress", "Request in progress",
                    "a request with this Idempotency-Key is still being processed").withRetryAfter(1);
        }
        if (!hash.equals(Items.str(existing, "requestHash"))) throw reused();
        if (replay != null) {
            Response r = replay.apply(Items.str(existing, "responseBody"));
            return Response.fromResponse(r).header(REPLAYED_HEADER, "true").build();
        }
        return Response.status((int) Items.num(existing, "responseStatus"))
                .type(MediaType.APPLICATION_JSON)
                .entity(Items.str(existing, "responseBody"))
                .header(REPLAYED_HEADER, "true").build();
    }

    private static Rejected reused() {
        return Rejected.conflict("idempotency-key-reused", "Idempotency-Key reused", "this Idempotency-Key was used with another request body");
    }

    private String json(Object answer) {
        try {
            return canonical.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be stored", e);
        }
    }

    private Writes completeWrite(Key recordKey, String token, int status, Object answer) {
        String json = json(answer);
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(recordKey.asMap())
                .updateExpression("SET #status = :completed, responseStatus = :code, responseBody = :body REMOVE inProgressUntil")
                .conditionExpression("#status = :inProgress AND #token = :token")
                .expressionAttributeNames(Map.of("#status", STATUS, "#token", "token"))
                .expressionAttributeValues(Map.of(":completed", Items.s(COMPLETED), ":inProgress", Items.s(IN_PROGRESS),
                        ":token", Items.s(token), ":code", Items.n(status), ":body", Items.s(json))))
                .build();
        // Our claim lapsed and another request took the key over: our effect must not happen twice.
        return TableWrite.of(update, "idempotency-record", () -> Rejected.conflict("idempotency-key-in-progress",
                "Request in progress", "a request with this Idempotency-Key is still being processed").withRetryAfter(1));
    }

    /** Writes a completion record on its own, for work whose effect is not a table transaction (a Stripe call). */
    public void store(Writes completion) { table.transact(completion); }

    /** Forgets a completed key (the effect was undone, e.g. the payment could not start), so a retry starts afresh. */
    public void forget(String caller, String route, String key) {
        if (key == null) return;
        Key recordKey = Keys.idempotency(caller, route, key);
        table.withRetries("DeleteItem", () -> table.client().deleteItem(b -> b.tableName(table.name()).key(recordKey.asMap())));
    }

    private void release(Key recordKey, String token) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name()).key(recordKey.asMap())
                    .conditionExpression("#status = :inProgress AND #token = :token")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#token", "token"))
                    .expressionAttributeValues(Map.of(":inProgress", Items.s(IN_PROGRESS), ":token", Items.s(token))));
        } catch (RuntimeException ignored) {
            // Not ours any more, or DynamoDB is down: the record lapses after inProgressTimeout anyway.
        }
    }

    private String hash(Object body) {
        try {
            byte[] bytes = body == null ? new byte[0] : canonical.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash request body", e);
        }
    }
}
