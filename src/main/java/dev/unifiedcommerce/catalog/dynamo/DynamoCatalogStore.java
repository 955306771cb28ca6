package dev.unifiedcommerce.catalog.dynamo;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.unifiedcommerce.platform.table.Items.*;

@ApplicationScoped
public class DynamoCatalogStore implements CatalogStore {
    private final Table table;

    public DynamoCatalogStore(Table table) { this.table = table; }

    @Override
    public Product save(Product product) {
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(CatalogItems.toItem(product))));
        return product;
    }

    @Override
    public Optional<Product> product(String sku) {
        return table.get(Keys.product(sku)).map(CatalogItems::product);
    }

    @Override
    public Location save(Location l) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":type", s(Keys.ItemType.LOCATION.name()));
        values.put(":id", s(l.id()));
        values.put(":name", s(l.name()));
        values.put(":locationType", s(l.type().name()));
        values.put(":pickup", bool(l.pickup()));
        values.put(":address", CatalogItems.address(l.address()));
        values.put(":timeZone", l.timeZone() == null ? AttributeValue.fromNul(true) : s(l.timeZone()));
        values.put(":phone", l.phone() == null ? AttributeValue.fromNul(true) : s(l.phone()));
        values.putAll(Keys.setValues(Keys.locationIndex(l.id())));
        var updated = table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name())
                .key(Keys.location(l.id()).asMap())
                .updateExpression("SET #type = :type, id = :id, #name = :name, locationType = :locationType, pickup = :pickup, "
                        + "address = :address, #zone = :timeZone, phone = :phone, " + Keys.setClause(Keys.locationIndex(l.id())))
                .expressionAttributeNames(Map.of("#type", Keys.TYPE, "#name", "name", "#zone", "timeZone"))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)));
        return CatalogItems.location(updated.attributes());
    }

    @Override
    public Optional<Location> location(String id) {
        return table.get(Keys.location(id)).map(CatalogItems::location);
    }

    @Override
    public LocationPage locations(int limit, String next) {
        QueryResponse page = table.queryPrefix(Keys.GSI1, Keys.GSI1PK, Keys.ALL_LOCATIONS, Keys.GSI1SK, null,
                Cursor.decode(next), limit);
        return new LocationPage(page.items().stream().map(CatalogItems::location).toList(),
                Cursor.next(page));
    }

    @Override
    public List<Location> locations() {
        return table.queryAll(Keys.GSI1, Keys.GSI1PK, Keys.ALL_LOCATIONS, Keys.GSI1SK, null).stream().map(CatalogItems::location).toList();
    }

    @Override
    public Writes locationExists(String locationId, Supplier<? extends RuntimeException> otherwise) {
        var check = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table.name())
                .key(Keys.location(locationId).asMap()).conditionExpression("attribute_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        return TableWrite.of(check, "location-exists", otherwise);
    }

    @Override
    public Lookup lookup(Collection<String> skus, Collection<String> locationIds) {
        List<Key> keys = Stream.concat(skus.stream().distinct().map(Keys::product), locationIds.stream().distinct().map(Keys::location)).toList();
        Map<String, Product> products = new HashMap<>();
        Map<String, Location> locations = new HashMap<>();
        for (Map<String, AttributeValue> item : table.getAll(keys)) {
            switch (Keys.ItemType.valueOf(type(item))) {
                case PRODUCT -> { Product p = CatalogItems.product(item); products.put(p.sku(), p); }
                case LOCATION -> { Location l = CatalogItems.location(item); locations.put(l.id(), l); }
                default -> { }
            }
        }
        return new Lookup(products, locations);
    }
}
