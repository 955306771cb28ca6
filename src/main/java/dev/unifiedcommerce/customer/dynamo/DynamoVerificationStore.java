package dev.unifiedcommerce.customer.dynamo;

import dev.unifiedcommerce.customer.Verification;
import dev.unifiedcommerce.customer.VerificationStore;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Verification items (VERIFICATION#{id}) and the shopper bindings a confirm writes (SHOPPER#..., CUSTOMER#{id}/BOUND#...). */
@ApplicationScoped
public class DynamoVerificationStore implements VerificationStore {
    /** A verification item outlives its code by a day (what was asked stays readable), then TTL cleans it up. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final Table table;

    public DynamoVerificationStore(Table table) { this.table = table; }

    @Override
    public void create(Verification v) {
        Map<String, AttributeValue> item = Keys.verification(v.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.VERIFICATION.name()));
        item.put("id", s(v.id()));
        item.put("startedBy", s(v.startedBy()));
        item.put("kind", s(v.kind().name()));
        item.put("destination", s(v.destination()));
        if (v.shopperRef() != null) item.put("shopperRef", s(v.shopperRef()));
        item.put("codeHash", s(v.codeHash()));
        item.put("expiresAt", s(Instants.format(v.expiresAt())));
        item.put("expiresAtEpoch", n(v.expiresAt().getEpochSecond()));
        item.put("tries", n(0));
        item.put("status", s(Verification.Status.PENDING.name()));
        item.put(Keys.TTL, n(v.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond()));
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))));
    }

    @Override
    public Optional<Verification> get(String id) {
        return table.get(Keys.verification(id)).map(i -> new Verification(str(i, "id"), str(i, "startedBy"), Verification.Kind.valueOf(str(i, "kind")),
                str(i, "destination"), str(i, "shopperRef"), str(i, "codeHash"), Instants.parse(str(i, "expiresAt")), (int) num(i, "tries"),
                Verification.Status.valueOf(str(i, "status")), str(i, "customerId"), Instants.parse(str(i, "confirmedAt"))));
    }

    @Override
    public boolean countWrongTry(String id, int maxTries) {
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.verification(id).asMap())
                    .updateExpression("ADD tries :one").conditionExpression("#status = :pending AND tries < :max")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":pending", s(Verification.Status.PENDING.name()), ":max", n(maxTries)))));
            return true;
        } catch (ConditionalCheckFailedException closed) {
            return false;
        }
    }

    @Override
    public boolean confirm(Verification v, String customerId, Instant at, int maxTries, Writes with) {
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.verification(v.id()).asMap())
                .updateExpression("SET #status = :confirmed, customerId = :c, confirmedAt = :at")
                .conditionExpression("#status = :pending AND tries < :max AND expiresAtEpoch > :now")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":confirmed", s(Verification.Status.CONFIRMED.name()), ":pending", s(Verification.Status.PENDING.name()),
                        ":c", s(customerId), ":at", s(Instants.format(at)), ":max", n(maxTries), ":now", n(at.getEpochSecond())))).build();
        try {
            table.transact(TableWrite.of(update, "verification").and(with));
            return true;
        } catch (ConditionFailed closed) {
            // the verification itself no longer open: 410; only the shopper's link moved meanwhile: confirm again
            if (!closed.conditions(String.class).contains("verification") && closed.conditions(String.class).contains("shopper-link")) {
                throw Rejected.conflict("binding-changed", "Shopper bound meanwhile",
                        "the shopper was bound by another confirmation a moment ago; confirm again");
            }
            return false;
        }
    }

    @Override
    public Writes bindWrites(String caller, String shopperRef, String customerId, String previous, Instant at) {
        // verifying a shopper again (a new phone on their account) moves the shopperRef to that customer; an update, so
        // what is counted on the shopper (their open visits) stays with them; conditional on the link being as read, so
        // two confirms at once cannot leave a binding behind
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", s(Keys.ItemType.SHOPPER_LINK.name()), ":caller", s(caller),
                ":ref", s(shopperRef), ":customer", s(customerId), ":at", s(Instants.format(at))));
        if (previous != null) values.put(":previous", s(previous));
        var link = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.shopperLink(caller, shopperRef).asMap())
                .updateExpression("SET #type = :type, caller = :caller, shopperRef = :ref, customerId = :customer, boundAt = :at")
                .conditionExpression(previous == null ? "attribute_not_exists(customerId)" : "customerId = :previous")
                .expressionAttributeNames(Map.of("#type", Keys.TYPE)).expressionAttributeValues(values)).build();
        Writes writes = TableWrite.of(link, "shopper-link");
        Map<String, AttributeValue> bound = Keys.customerBinding(customerId, caller, shopperRef).asMap();
        bound.put(Keys.TYPE, s(Keys.ItemType.CUSTOMER_BINDING.name()));
        bound.put("caller", s(caller));
        bound.put("shopperRef", s(shopperRef));
        bound.put("boundAt", s(Instants.format(at)));
        writes = writes.and(TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(bound)).build(), "customer-binding"));
        if (previous == null || previous.equals(customerId)) return writes;
        return writes.and(TableWrite.of(TransactWriteItem.builder().delete(d -> d.tableName(table.name())
                .key(Keys.customerBinding(previous, caller, shopperRef).asMap())).build(), "previous-binding"));
    }

    @Override
    public Optional<String> customerOf(String caller, String shopperRef) {
        return table.get(Keys.shopperLink(caller, shopperRef)).map(i -> str(i, "customerId"));
    }

    @Override
    public boolean isBound(String caller, String customerId) {
        return !table.queryPrefix(null, Keys.PK, Keys.customerPartition(customerId), Keys.SK, Keys.customerBindingPrefix(caller), null, 1).items().isEmpty();
    }
}
