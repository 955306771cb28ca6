package dev.unifiedcommerce.subscription.dynamo;

import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.subscription.Subscription;
import dev.unifiedcommerce.subscription.SubscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Subscriptions (indexed under their customer), the Stripe Customer on our customer's item, Stripe Prices beside the product. */
@ApplicationScoped
public class DynamoSubscriptionStore implements SubscriptionStore {
    private static final String VERSION = "version";
    private final Table table;

    public DynamoSubscriptionStore(Table table) { this.table = table; }

    @Override
    public Writes createWrites(Subscription s) {
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(s))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return TableWrite.of(put, "subscription");
    }

    @Override
    public Writes invoiceWrites(String subscriptionId, String invoiceId, String orderId) {
        Map<String, AttributeValue> item = Keys.subscriptionInvoice(subscriptionId, invoiceId).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SUBSCRIPTION_INVOICE.name()));
        item.put("invoiceId", s(invoiceId));
        item.put("orderId", s(orderId));
        var put = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return TableWrite.of(put, new InvoiceDelivered(invoiceId));
    }

    @Override
    public Writes changeWrites(Subscription read, Subscription next) {
        long v = read.billing().version();
        var put = TransactWriteItem.builder().put(p -> {
            p.tableName(table.name()).item(toItem(next));
            if (v == 0) p.conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#v)").expressionAttributeNames(Map.of("#pk", Keys.PK, "#v", VERSION));
            else p.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", VERSION)).expressionAttributeValues(Map.of(":v", n(v)));
        }).build();
        return TableWrite.of(put, new SubscriptionChanged(read.id()));
    }

    @Override
    public Optional<Subscription> subscription(String id) { return table.get(Keys.subscription(id)).map(DynamoSubscriptionStore::toSubscription); }

    @Override
    public void recordStarted(Subscription s) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sub", s(s.stripeSubscriptionId()), ":st", s(s.status().name()),
                ":one", n(1), ":zero", n(0)));
        // a change: the version goes up, so a change decided from the item as it was before is refused and read again
        values.putAll(Keys.setValues(Keys.subscriptionStatusIndex(s.status().name(), Instants.format(s.createdAt()), s.id())));
        String set = "SET stripeSubscriptionId = :sub, #st = :st, #v = if_not_exists(#v, :zero) + :one, "
                + Keys.setClause(Keys.subscriptionStatusIndex(s.status().name(), Instants.format(s.createdAt()), s.id()));
        if (s.clientSecret() != null) {
            set += ", clientSecret = :secret";
            values.put(":secret", s(s.clientSecret()));
        }
        String expression = set;
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.subscription(s.id()).asMap())
                    .updateExpression(expression).conditionExpression("attribute_not_exists(stripeSubscriptionId) OR stripeSubscriptionId = :sub")
                    .expressionAttributeNames(Map.of("#st", "status", "#v", VERSION)).expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException recordedAlready) {
            // the same key gave the same subscription; anything else recorded first stays
        }
    }

    @Override
    public void recordLink(Subscription s) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":cs", s(s.billing().checkoutSessionId()), ":url", s(s.billing().url()),
                ":st", s(s.status().name()), ":one", n(1), ":zero", n(0)));
        var index = Keys.subscriptionStatusIndex(s.status().name(), Instants.format(s.createdAt()), s.id());
        values.putAll(Keys.setValues(index));
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.subscription(s.id()).asMap())
                    .updateExpression("SET checkoutSessionId = :cs, #url = :url, #st = :st, #v = if_not_exists(#v, :zero) + :one, " + Keys.setClause(index))
                    .conditionExpression("attribute_not_exists(checkoutSessionId) OR checkoutSessionId = :cs")
                    .expressionAttributeNames(Map.of("#st", "status", "#v", VERSION, "#url", "url")).expressionAttributeValues(values)));
        } catch (ConditionalCheckFailedException recordedAlready) {
            // the same key gave the same session; anything else recorded first stays
        }
    }

    @Override
    public Page withStatus(Subscription.Status status, int limit, String next) {
        var page = table.queryPrefix(Keys.GSI2, Keys.GSI2PK, Keys.subscriptionsWithStatus(status.name()), Keys.GSI2SK, null,
                Cursor.decode(next), limit);
        return new Page(page.items().stream().map(DynamoSubscriptionStore::toSubscription).toList(),
                Cursor.next(page));
    }

    @Override
    public List<Subscription> ofCustomer(String customerId) {
        List<Subscription> out = new ArrayList<>();
        table.queryAll(Keys.GSI1, Keys.GSI1PK, Keys.customerPartition(customerId), Keys.GSI1SK, Keys.SUBSCRIPTION_PREFIX).forEach(i -> out.add(toSubscription(i)));
        out.sort(Comparator.comparing(Subscription::createdAt).reversed());
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

    @Override
    public Writes backorderWrites(String locationId, int delta) {
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.backorders(locationId).asMap())
                .updateExpression("SET #t = :type, locationId = :loc ADD waiting :d")
                .expressionAttributeNames(Map.of("#t", Keys.TYPE))
                .expressionAttributeValues(Map.of(":type", s(Keys.ItemType.BACKORDERS.name()), ":loc", s(locationId), ":d", n(delta)))).build();
        return TableWrite.of(update, "backorders");
    }

    @Override
    public Writes saleWaitingWrites(String subscriptionId, String orderId) {
        Map<String, AttributeValue> item = Keys.saleSubscription(subscriptionId).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.SALE_SUBSCRIPTION.name()));
        item.put("subscriptionId", s(subscriptionId));
        item.put("orderId", s(orderId));
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)).build(), "sale-subscription");
    }

    @Override
    public Writes saleDoneWrites(String subscriptionId) {
        return TableWrite.of(TransactWriteItem.builder().delete(d -> d.tableName(table.name()).key(Keys.saleSubscription(subscriptionId).asMap())).build(),
                "sale-subscription-done");
    }

    @Override
    public List<String> salesWaiting() {
        List<String> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.SALE_SUBSCRIPTIONS, Keys.SK, null).forEach(i -> out.add(str(i, "subscriptionId")));
        return out;
    }

    @Override
    public long waitingAt(String locationId) { return table.get(Keys.backorders(locationId)).map(i -> num(i, "waiting")).orElse(0L); }

    @Override
    public List<String> backorderedLocations() {
        List<String> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.BACKORDERS, Keys.SK, null).stream().filter(i -> num(i, "waiting") > 0).forEach(i -> out.add(str(i, "locationId")));
        return out;
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
        Subscription.Billing b = s.billing();
        if (b.version() > 0) item.put(VERSION, n(b.version()));
        item.put("deliveries", n(b.deliveries()));
        if (b.lastOrderId() != null) item.put("lastOrderId", s(b.lastOrderId()));
        item.put("paidInvoiceAt", n(b.paidInvoiceAt()));
        item.put("failedInvoiceAt", n(b.failedInvoiceAt()));
        if (b.problem() != null) item.put("problem", s(b.problem()));
        item.put("cancelAtPeriodEnd", AttributeValue.fromBool(b.cancelAtPeriodEnd()));
        if (b.checkoutSessionId() != null) item.put("checkoutSessionId", s(b.checkoutSessionId()));
        if (b.url() != null) item.put("url", s(b.url()));
        if (s.till() != null) {
            Map<String, AttributeValue> t = new HashMap<>(Map.of("readerId", s(s.till().readerId()), "attempt", n(s.till().attempt())));
            if (s.till().setupIntentId() != null) t.put("setupIntentId", s(s.till().setupIntentId()));
            if (s.till().paymentMethodId() != null) t.put("paymentMethodId", s(s.till().paymentMethodId()));
            if (s.till().orderId() != null) t.put("orderId", s(s.till().orderId()));
            t.put("handedAt", n(s.till().handedAt()));
            item.put("till", AttributeValue.fromM(t));
        }
        item.putAll(Keys.customerSubscriptionIndex(s.customerId(), Instants.format(s.createdAt()), s.id()));
        item.putAll(Keys.subscriptionStatusIndex(s.status().name(), Instants.format(s.createdAt()), s.id()));
        return item;
    }

    static Subscription toSubscription(Map<String, AttributeValue> i) {
        return new Subscription(str(i, "id"), str(i, "customerId"), i.get("lines").l().stream().map(AttributeValue::m)
                .map(m -> new Subscription.Line(str(m, "sku"), str(m, "name"), (int) num(m, "quantity"), num(m, "unitAmount"))).toList(),
                Product.Interval.valueOf(str(i, "interval")), str(i, "currency"), DynamoCustomerStore.toAddress(i.get("shipTo").m()),
                str(i, "fulfilmentLocationId"), Subscription.Status.valueOf(str(i, "status")), Subscription.Method.valueOf(str(i, "method")),
                str(i, "stripeSubscriptionId"), str(i, "clientSecret"), str(i, "createdBy"), Instants.parse(str(i, "createdAt")),
                new Subscription.Billing(num(i, VERSION), num(i, "deliveries"), str(i, "lastOrderId"), num(i, "paidInvoiceAt"), num(i, "failedInvoiceAt"),
                        str(i, "problem"), i.containsKey("cancelAtPeriodEnd") && Boolean.TRUE.equals(i.get("cancelAtPeriodEnd").bool()),
                        str(i, "checkoutSessionId"), str(i, "url")),
                i.containsKey("till") ? new Subscription.Till(str(i.get("till").m(), "readerId"), str(i.get("till").m(), "setupIntentId"),
                        (int) num(i.get("till").m(), "attempt"), str(i.get("till").m(), "paymentMethodId"), str(i.get("till").m(), "orderId"),
                        num(i.get("till").m(), "handedAt")) : null);
    }
}
