package dev.unifiedcommerce.subscription.dynamo;

import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.subscription.Subscription;
import dev.unifiedcommerce.subscription.SubscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Subscriptions (indexed under their customer), the Stripe Customer on our customer's item, Stripe Prices beside the product. */
@ApplicationScoped
public class DynamoSubscriptionStore implements SubscriptionStore {
    private final Table table;

    public DynamoSubscriptionStore(Table table) { this.table = table; }

    @Override
    public Writes createWrites(Subscription s) {
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(s))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return Writes.of(put, "subscription");
    }

    @Override
    public void apply(Writes writes) { table.transactExplained(writes); }

    @Override
    public Optional<Subscription> subscription(String id) { return table.get(Keys.subscription(id)).map(DynamoSubscriptionStore::toSubscription); }

    @Override
    public void recordStarted(Subscription s) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sub", s(s.stripeSubscriptionId()), ":st", s(s.status().name())));
        String set = "SET stripeSubscriptionId = :sub, #st = :st";
        if (s.clientSecret() != null) {
            set += ", clientSecret = :secret";
            values.put(":secret", s(s.clientSecret()));
        }
        String expression = set;
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.subscription(s.id()).asMap())
                    .updateExpression(expression).conditionExpression("attribute_not_exists(stripeSubscriptionId) OR stripeSubscriptionId = :sub")
                    .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException recordedAlready) {
            // the same key gave the same subscription; anything else recorded first stays
        }
    }

    @Override
    public List<Subscription> ofCustomer(String customerId) {
        List<Subscription> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = table.queryPrefix(Keys.GSI1, Keys.GSI1PK, Keys.customerPartition(customerId), Keys.GSI1SK, Keys.SUBSCRIPTION_PREFIX, start, null);
            page.items().forEach(i -> out.add(toSubscription(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(java.util.Comparator.comparing(Subscription::createdAt).reversed());
        return out;
    }

    @Override
    public Optional<String> stripeCustomer(String customerId) {
        return table.get(Keys.customer(customerId)).map(i -> str(i, "stripeCustomerId"));
    }

    @Override
    public String rememberStripeCustomer(String customerId, String stripeCustomerId) {
        var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.customer(customerId).asMap())
                .updateExpression("SET stripeCustomerId = if_not_exists(stripeCustomerId, :id)")
                .expressionAttributeValues(Map.of(":id", s(stripeCustomerId))).returnValues(ReturnValue.ALL_NEW)));
        return str(out.attributes(), "stripeCustomerId");
    }

    @Override
    public Optional<String> stripePrice(String sku, String interval, String currency, long amount) {
        return table.get(Keys.stripePrice(sku, interval, currency, amount)).map(i -> str(i, "stripePriceId"));
    }

    @Override
    public String rememberStripePrice(String sku, String interval, String currency, long amount, String stripePriceId) {
        var out = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                .key(Keys.stripePrice(sku, interval, currency, amount).asMap())
                .updateExpression("SET stripePriceId = if_not_exists(stripePriceId, :id), #t = :type")
                .expressionAttributeNames(Map.of("#t", Keys.TYPE))
                .expressionAttributeValues(Map.of(":id", s(stripePriceId), ":type", s(Keys.ItemType.STRIPE_PRICE.name()))).returnValues(ReturnValue.ALL_NEW)));
        return str(out.attributes(), "stripePriceId");
    }

    static Map<String, AttributeValue> toItem(Subscription s) {
        Map<String, AttributeValue> item = Keys.subscription(s.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SUBSCRIPTION.name()));
        item.put("id", s(s.id()));
        item.put("customerId", s(s.customerId()));
        item.put("lines", AttributeValue.fromL(s.lines().stream().map(l -> AttributeValue.fromM(Map.of("sku", s(l.sku()), "name", s(l.name()),
                "quantity", n(l.quantity()), "unitAmount", n(l.unitAmount())))).toList()));
        item.put("interval", s(s.interval().name()));
        item.put("currency", s(s.currency()));
        item.put("shipTo", AttributeValue.fromM(DynamoCustomerStore.address(s.shipTo())));
        item.put("fulfilmentLocationId", s(s.fulfilmentLocationId()));
        item.put("status", s(s.status().name()));
        item.put("method", s(s.method().name()));
        if (s.stripeSubscriptionId() != null) item.put("stripeSubscriptionId", s(s.stripeSubscriptionId()));
        if (s.clientSecret() != null) item.put("clientSecret", s(s.clientSecret()));
        item.put("createdBy", s(s.createdBy()));
        item.put("createdAt", s(Instants.format(s.createdAt())));
        item.putAll(Keys.customerSubscriptionIndex(s.customerId(), Instants.format(s.createdAt()), s.id()));
        return item;
    }

    static Subscription toSubscription(Map<String, AttributeValue> i) {
        return new Subscription(str(i, "id"), str(i, "customerId"), i.get("lines").l().stream().map(AttributeValue::m)
                .map(m -> new Subscription.Line(str(m, "sku"), str(m, "name"), (int) num(m, "quantity"), num(m, "unitAmount"))).toList(),
                Product.Interval.valueOf(str(i, "interval")), str(i, "currency"), DynamoCustomerStore.toAddress(i.get("shipTo").m()),
                str(i, "fulfilmentLocationId"), Subscription.Status.valueOf(str(i, "status")), Subscription.Method.valueOf(str(i, "method")),
                str(i, "stripeSubscriptionId"), str(i, "clientSecret"), str(i, "createdBy"), Instants.parse(str(i, "createdAt")));
    }
}
