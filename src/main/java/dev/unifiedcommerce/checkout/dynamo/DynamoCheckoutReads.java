package dev.unifiedcommerce.checkout.dynamo;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.dynamo.CatalogItems;
import dev.unifiedcommerce.checkout.CheckoutReads;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.str;

/** One BatchGetItem for the products, the locations and the phone and e-mail lookups of a checkout. */
@ApplicationScoped
public class DynamoCheckoutReads implements CheckoutReads {
    private final Table table;

    public DynamoCheckoutReads(Table table) { this.table = table; }

    @Override
    public Found read(Collection<String> skus, Collection<String> locationIds, String phone, String email) {
        List<Key> keys = new ArrayList<>();
        skus.stream().distinct().map(Keys::product).forEach(keys::add);
        locationIds.stream().distinct().map(Keys::location).forEach(keys::add);
        Key byPhone = phone == null ? null : Keys.phoneLookup(phone);
        Key byEmail = email == null ? null : Keys.emailLookup(email);
        if (byPhone != null) keys.add(byPhone);
        if (byEmail != null) keys.add(byEmail);
        Map<String, Product> products = new HashMap<>();
        Map<String, Location> locations = new HashMap<>();
        String phoneOwner = null, emailOwner = null;
        if (keys.isEmpty()) return new Found(products, locations, null, null);
        for (Map<String, AttributeValue> item : table.getAll(keys)) {
            Key key = new Key(str(item, Keys.PK), str(item, Keys.SK));
            if (key.equals(byPhone)) phoneOwner = DynamoCustomerStore.customerIdOf(item);
            else if (key.equals(byEmail)) emailOwner = DynamoCustomerStore.customerIdOf(item);
            else switch (Keys.ItemType.valueOf(str(item, Keys.TYPE))) {
                case PRODUCT -> { Product p = CatalogItems.product(item); products.put(p.sku(), p); }
                case LOCATION -> { Location l = CatalogItems.location(item); locations.put(l.id(), l); }
                default -> { }
            }
        }
        return new Found(products, locations, phoneOwner, emailOwner);
    }
}
