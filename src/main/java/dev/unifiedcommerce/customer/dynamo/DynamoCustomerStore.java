package dev.unifiedcommerce.customer.dynamo;

import dev.unifiedcommerce.customer.Customer;
import dev.unifiedcommerce.customer.CustomerStore;
import dev.unifiedcommerce.customer.PostalAddress;
import dev.unifiedcommerce.platform.table.ConditionFailed;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoCustomerStore implements CustomerStore {
    private final Table table;

    public DynamoCustomerStore(Table table) { this.table = table; }

    @Override
    public Optional<Customer> byPhone(String e164) { return via(Keys.phoneLookup(e164)); }

    @Override
    public Optional<Customer> byEmail(String email) { return via(Keys.emailLookup(email)); }

    private Optional<Customer> via(Key lookup) {
        return table.get(lookup).map(DynamoCustomerStore::customerIdOf).flatMap(this::byId);
    }

    /** The customer a PHONE#/EMAIL#/CARD# lookup item points at. */
    public static String customerIdOf(Map<String, AttributeValue> lookupItem) { return str(lookupItem, "customerId"); }

    @Override
    public Writes addressWrites(String customerId, PostalAddress a, Instant usedAt) {
        Map<String, AttributeValue> item = Keys.customerAddress(customerId, a.fingerprint()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.CUSTOMER_ADDRESS.name()));
        item.putAll(address(a));
        item.put("lastUsedAt", s(Instants.format(usedAt)));
        // a Put: the same place typed again is the same item, its last use moved on
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)).build(), "customer-address");
    }

    @Override
    public boolean shoppedAt(String customerId, Set<String> locationIds, String notBy) {
        if (locationIds.isEmpty()) return false;
        // the customer's orders and visits in their index (GSI1 = CUSTOMER#{id}), read until one is at those stores
        for (String prefix : List.of(Keys.CUSTOMER_ORDER_PREFIX, Keys.CUSTOMER_VISIT_PREFIX)) {
            boolean found = table.forEachPage(Keys.GSI1, Keys.GSI1PK, Keys.customerPartition(customerId), Keys.GSI1SK, prefix, 100,
                    page -> page.stream().noneMatch(item -> shoppedAt(item, locationIds, notBy)));
            if (found) return true;
        }
        return false;
    }

    /**
     * An order or visit at one of the stores. What the issuing staff member made proves nothing by itself (a sale they
     * paid, a visit they marked arrived), unless it was paid and the customer proved who they are.
     */
    private static boolean shoppedAt(Map<String, AttributeValue> item, Set<String> locationIds, String notBy) {
        boolean paidAndVouched = Set.of("PAID", "REFUNDED").contains(str(item, "status")) && item.containsKey("vouch");
        if (notBy.equals(str(item, "createdBy")) && !paidAndVouched) return false;
        if (atOneOf(locationIds, str(item, "fulfilmentLocationId")) || atOneOf(locationIds, str(item, "locationId"))) return true;
        return item.containsKey("lines") && item.get("lines").l().stream().anyMatch(l -> atOneOf(locationIds, str(l.m(), "locationId")));
    }

    private static boolean atOneOf(Set<String> locationIds, String locationId) { return locationId != null && locationIds.contains(locationId); }

    @Override
    public void keepAddress(String customerId, PostalAddress address, Instant at) {
        table.transact(addressWrites(customerId, address, at));
    }

    @Override
    public List<SavedAddress> addresses(String customerId) {
        List<SavedAddress> out = new ArrayList<>();
        table.queryAll(null, Keys.PK, Keys.customerPartition(customerId), Keys.SK, Keys.ADDRESS_PREFIX).forEach(i -> out.add(new SavedAddress(toAddress(i), Instants.parse(str(i, "lastUsedAt")))));
        out.sort(Comparator.comparing(SavedAddress::lastUsedAt).reversed());
        return out;
    }

    /** A postal address's attributes (absent parts left out). */
    public static Map<String, AttributeValue> address(PostalAddress a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("name", s(a.name()));
        m.put("line1", s(a.line1()));
        if (a.line2() != null) m.put("line2", s(a.line2()));
        m.put("city", s(a.city()));
        m.put("postalCode", s(a.postalCode()));
        m.put("country", s(a.country()));
        if (a.phone() != null) m.put("phone", s(a.phone()));
        return m;
    }

    public static PostalAddress toAddress(Map<String, AttributeValue> m) {
        return new PostalAddress(str(m, "name"), str(m, "line1"), str(m, "line2"), str(m, "city"), str(m, "postalCode"),
                str(m, "country"), str(m, "phone"));
    }

    @Override
    public Optional<Customer> byId(String id) {
        return table.get(Keys.customer(id)).map(i -> new Customer(str(i, "id"), str(i, "name"), str(i, "phone"), str(i, "email"),
                num(i, "loyaltyPoints"), str(i, "possibleDuplicateOf")));
    }

    @Override
    public Optional<Customer> create(Customer c) {
        Map<String, AttributeValue> item = Keys.customer(c.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.CUSTOMER.name()));
        item.put("id", s(c.id()));
        if (c.name() != null) item.put("name", s(c.name()));
        if (c.phone() != null) item.put("phone", s(c.phone()));
        if (c.email() != null) item.put("email", s(c.email()));
        if (c.possibleDuplicateOf() != null) item.put("possibleDuplicateOf", s(c.possibleDuplicateOf()));
        item.put("loyaltyPoints", n(0));
        Writes writes = TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(), "customer");
        if (c.phone() != null) writes = writes.and(lookupPut(Keys.phoneLookup(c.phone()), c.id()));
        if (c.email() != null && c.phone() == null) writes = writes.and(lookupPut(Keys.emailLookup(c.email()), c.id()));
        try {
            table.transact(writes);
            return Optional.of(c);
        } catch (ConditionFailed taken) {
            return Optional.empty();
        }
    }

    private Writes lookupPut(Key key, String customerId) {
        Map<String, AttributeValue> item = new HashMap<>(key.asMap());
        item.put(Keys.TYPE, s(Keys.ItemType.CUSTOMER_LOOKUP.name()));
        item.put("customerId", s(customerId));
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(), "lookup");
    }

    @Override
    public void releaseEmail(String customerId, String email) {
        try {
            table.withRetries("DeleteItem", () -> table.client().deleteItem(b -> b.tableName(table.name()).key(Keys.emailLookup(email).asMap())
                    .conditionExpression("customerId = :c").expressionAttributeValues(Map.of(":c", s(customerId)))));
        } catch (ConditionalCheckFailedException gone) {
            // released or moved already
        }
    }

    @Override
    public Optional<String> cardOwner(String fingerprint) { return table.get(Keys.cardLookup(fingerprint)).map(i -> str(i, "customerId")); }

    @Override
    public Optional<String> provenCardOwner(String fingerprint) {
        return table.get(Keys.cardLookup(fingerprint)).filter(i -> flag(i, "vouched")).map(i -> str(i, "customerId"));
    }

    @Override
    public Writes cardWrites(String fingerprint, String customerId) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.cardLookup(fingerprint).asMap());
        item.put(Keys.TYPE, s(Keys.ItemType.CUSTOMER_LOOKUP.name()));
        item.put("customerId", s(customerId));
        item.put("vouched", bool(true)); // remembered from a sale someone vouched for: it may vouch at the till
        // a link made before vouches were kept proves nothing, so a vouched sale replaces it
        return TableWrite.of(TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(#pk) OR attribute_not_exists(vouched)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build(),
                "card", CardTaken::new);
    }

    @Override
    public void markPossibleDuplicate(String customerId, String otherCustomerId) {
        try {
            table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.customer(customerId).asMap())
                    .updateExpression("SET possibleDuplicateOf = :o").conditionExpression("attribute_exists(#pk) AND attribute_not_exists(possibleDuplicateOf)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK)).expressionAttributeValues(Map.of(":o", s(otherCustomerId)))));
        } catch (ConditionalCheckFailedException marked) {
            // marked already: the first finding stays
        }
    }

    @Override
    public void claimLookups(Customer c, String phone, String email) {
        if (phone != null && c.phone() == null) claim(Keys.phoneLookup(phone), c, "phone", phone);
        if (email != null && c.email() == null) claim(Keys.emailLookup(email), c, "email", email);
    }

    private void claim(Key lookup, Customer c, String attribute, String value) {
        try {
            table.transact(lookupPut(lookup, c.id()).and(TableWrite.of(TransactWriteItem.builder().update(u -> u.tableName(table.name())
                    .key(Keys.customer(c.id()).asMap()).updateExpression("SET #a = :v").conditionExpression("attribute_not_exists(#a)")
                    .expressionAttributeNames(Map.of("#a", attribute)).expressionAttributeValues(Map.of(":v", s(value)))).build(), "customer")));
        } catch (ConditionFailed | ConditionalCheckFailedException alreadyTaken) {
            // that phone or e-mail belongs to someone already (or this customer has one): leave identities as they are
        }
    }
}
