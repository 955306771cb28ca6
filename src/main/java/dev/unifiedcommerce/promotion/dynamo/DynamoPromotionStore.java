package dev.unifiedcommerce.promotion.dynamo;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.promotion.CodeRefused;
import dev.unifiedcommerce.promotion.Promotion;
import dev.unifiedcommerce.promotion.PromotionStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Promotion codes in the single table: one item per code; a personal code is also listed under its customer (GSI1). */
@ApplicationScoped
public class DynamoPromotionStore implements PromotionStore {
    static final String REDEMPTIONS = "redemptions";
    private final Table table;

    public DynamoPromotionStore(Table table) { this.table = table; }

    @Override
    public Promotion save(Promotion p) {
        Map<String, AttributeValue> set = attributes(p);
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> assignments = new ArrayList<>();
        int i = 0;
        for (var e : set.entrySet()) {
            names.put("#a" + i, e.getKey());
            values.put(":a" + i, e.getValue());
            assignments.add("#a" + i + " = :a" + i);
            i++;
        }
        names.put("#r", REDEMPTIONS);
        values.put(":zero", n(0));
        assignments.add("#r = if_not_exists(#r, :zero)"); // uses are the checkout's to count, never a save's
        List<String> removed = new ArrayList<>();
        for (String optional : List.of("description", "percentOff", "amountOff", "validFrom", "channels", "locationIds", "minimumSpend",
                "maxRedemptions", "maxPerCustomer", "customerId", Keys.GSI1PK, Keys.GSI1SK)) {
            if (!set.containsKey(optional)) {
                names.put("#x" + removed.size(), optional);
                removed.add("#x" + removed.size());
            }
        }
        String update = "SET " + String.join(", ", assignments) + (removed.isEmpty() ? "" : " REMOVE " + String.join(", ", removed));
        var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                .key(Keys.promotion(p.code()).asMap()).updateExpression(update)
                .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)));
        return toPromotion(out.attributes());
    }

    @Override
    public boolean create(Promotion p) {
        Map<String, AttributeValue> item = Keys.promotion(p.code()).asMap();
        item.putAll(attributes(p));
        item.put(REDEMPTIONS, n(p.redemptions()));
        try {
            table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<Promotion> find(String code) { return table.get(Keys.promotion(code)).map(DynamoPromotionStore::toPromotion); }

    @Override
    public List<Promotion> personalOf(String customerId) {
        List<Promotion> out = new ArrayList<>();
        table.queryAll(Keys.GSI1, Keys.GSI1PK, Keys.customerPartition(customerId), Keys.GSI1SK, Keys.PROMOTION_PREFIX).stream().map(DynamoPromotionStore::toPromotion).forEach(out::add);
        return out;
    }

    static final String USES = "uses";

    @Override
    public Writes redeemWrites(Promotion p, String customerId) {
        var code = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.promotion(p.code()).asMap())
                .updateExpression("SET #r = #r + :one")
                .conditionExpression("active = :yes AND (attribute_not_exists(maxRedemptions) OR #r < maxRedemptions)")
                .expressionAttributeNames(Map.of("#r", REDEMPTIONS))
                .expressionAttributeValues(Map.of(":one", n(1), ":yes", bool(true)))).build();
        Writes writes = TableWrite.of(code, new PromotionTag(p.code()), () -> CodeRefused.because(CodeRefused.Reason.USED_UP,
                "code '" + p.code() + "' has no uses left"));
        if (customerId == null) return writes;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":type", s(Keys.ItemType.PROMOTION_USE.name()),
                ":customer", s(customerId)));
        // counted for every personal code (so a full refund can give it back), limited only when the code says so
        if (p.maxPerCustomer() != null) values.put(":max", n(p.maxPerCustomer()));
        var mine = TransactWriteItem.builder().update(u -> {
            u.tableName(table.name()).key(Keys.promotionUse(p.code(), customerId).asMap())
                    .updateExpression("ADD #u :one SET #t = :type, customerId = :customer")
                    .expressionAttributeNames(Map.of("#u", USES, "#t", Keys.TYPE)).expressionAttributeValues(values);
            if (p.maxPerCustomer() != null) u.conditionExpression("attribute_not_exists(#u) OR #u < :max");
        }).build();
        return writes.and(TableWrite.of(mine, new PromotionTag(p.code() + "/" + customerId), () -> CodeRefused.because(CodeRefused.Reason.ALREADY_USED,
                "this customer has used code '" + p.code() + "' as often as it allows")));
    }

    @Override
    public Writes giveBackWrites(String code, String customerId) { return count(code, customerId, -1); }

    @Override
    public Writes retakeWrites(String code, String customerId) { return count(code, customerId, 1); }

    @Override
    public Writes retakeWithinLimitsWrites(String code, String customerId, Long maxPerCustomer, Supplier<? extends RuntimeException> refused) {
        var all = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.promotion(code).asMap())
                .updateExpression("ADD #r :one").conditionExpression("attribute_not_exists(maxRedemptions) OR #r < maxRedemptions")
                .expressionAttributeNames(Map.of("#r", REDEMPTIONS)).expressionAttributeValues(Map.of(":one", n(1)))).build();
        Writes writes = TableWrite.of(all, new PromotionTag(code), refused);
        if (customerId == null) return writes;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1)));
        if (maxPerCustomer != null) values.put(":max", n(maxPerCustomer));
        var mine = TransactWriteItem.builder().update(u -> {
            u.tableName(table.name()).key(Keys.promotionUse(code, customerId).asMap()).updateExpression("ADD #u :one")
                    .expressionAttributeNames(Map.of("#u", USES)).expressionAttributeValues(values);
            if (maxPerCustomer != null) u.conditionExpression("attribute_not_exists(#u) OR #u < :max");
        }).build();
        return writes.and(TableWrite.of(mine, new PromotionTag(code + "/" + customerId), refused));
    }

    /** Unconditional: each caller moves the counters once, under its own order's state transition. */
    private Writes count(String code, String customerId, int by) {
        var all = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.promotion(code).asMap())
                .updateExpression("ADD #r :by").expressionAttributeNames(Map.of("#r", REDEMPTIONS))
                .expressionAttributeValues(Map.of(":by", n(by)))).build();
        Writes writes = TableWrite.of(all, new PromotionTag(code));
        if (customerId == null) return writes;
        var mine = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.promotionUse(code, customerId).asMap())
                .updateExpression("ADD #u :by").expressionAttributeNames(Map.of("#u", USES))
                .expressionAttributeValues(Map.of(":by", n(by)))).build();
        return writes.and(TableWrite.of(mine, new PromotionTag(code + "/" + customerId)));
    }

    /** Names a promotion's item in a transaction. */
    public record PromotionTag(String what) {}

    /** How often the customer used the code (0 when never), from its counter item. */
    public static long usesOf(Map<String, AttributeValue> item) { return item == null || !item.containsKey(USES) ? 0 : num(item, USES); }

    /** Every attribute a code has (absent optional ones left out), its index entry when personal. */
    private static Map<String, AttributeValue> attributes(Promotion p) {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put(Keys.TYPE, s(Keys.ItemType.PROMOTION.name()));
        a.put("code", s(p.code()));
        a.put("promotionType", s(p.type().name()));
        a.put("active", bool(p.active()));
        a.put("validUntil", s(Instants.format(p.validUntil())));
        if (p.description() != null) a.put("description", s(p.description()));
        if (p.percentOff() != null) a.put("percentOff", n(p.percentOff()));
        if (p.amountOff() != null) a.put("amountOff", money(p.amountOff()));
        if (p.validFrom() != null) a.put("validFrom", s(Instants.format(p.validFrom())));
        if (p.channels() != null && !p.channels().isEmpty()) a.put("channels", AttributeValue.fromL(p.channels().stream().sorted().map(x -> s(x)).toList()));
        if (p.locationIds() != null && !p.locationIds().isEmpty()) a.put("locationIds", AttributeValue.fromL(p.locationIds().stream().sorted().map(x -> s(x)).toList()));
        if (p.minimumSpend() != null) a.put("minimumSpend", money(p.minimumSpend()));
        if (p.maxRedemptions() != null) a.put("maxRedemptions", n(p.maxRedemptions()));
        if (p.maxPerCustomer() != null) a.put("maxPerCustomer", n(p.maxPerCustomer()));
        if (p.issuedBy() != null) a.put("issuedBy", s(p.issuedBy()));
        if (p.issuedAt() != null) a.put("issuedAt", s(Instants.format(p.issuedAt())));
        if (p.customerId() != null) {
            a.put("customerId", s(p.customerId()));
            a.putAll(Keys.customerPromotionIndex(p.customerId(), p.code()));
        }
        return a;
    }

    private static AttributeValue money(Money m) { return AttributeValue.fromM(Map.of("amount", n(m.amount()), "currency", s(m.currency()))); }

    private static Money money(Map<String, AttributeValue> item, String name) {
        if (!item.containsKey(name)) return null;
        Map<String, AttributeValue> m = item.get(name).m();
        return new Money(num(m, "amount"), str(m, "currency"));
    }

    private static Set<String> strings(Map<String, AttributeValue> item, String name) {
        Set<String> out = new LinkedHashSet<>();
        if (item.containsKey(name)) item.get(name).l().forEach(v -> out.add(v.s()));
        return out;
    }

    public static Promotion toPromotion(Map<String, AttributeValue> i) {
        return new Promotion(str(i, "code"), str(i, "description"), Promotion.Type.valueOf(str(i, "promotionType")),
                i.containsKey("percentOff") ? (int) num(i, "percentOff") : null, money(i, "amountOff"),
                Instants.parse(str(i, "validFrom")), Instants.parse(str(i, "validUntil")), strings(i, "channels"), strings(i, "locationIds"),
                money(i, "minimumSpend"), i.containsKey("maxRedemptions") ? num(i, "maxRedemptions") : null,
                i.containsKey("maxPerCustomer") ? num(i, "maxPerCustomer") : null, str(i, "customerId"), flag(i, "active"), num(i, REDEMPTIONS),
                str(i, "issuedBy"), Instants.parse(str(i, "issuedAt")));
    }
}
