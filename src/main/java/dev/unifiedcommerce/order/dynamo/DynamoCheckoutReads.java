package dev.unifiedcommerce.order.dynamo;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.dynamo.CatalogItems;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.order.CheckoutReads;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.promotion.Promotion;
import dev.unifiedcommerce.promotion.dynamo.DynamoPromotionStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.num;
import static dev.unifiedcommerce.platform.table.Items.str;

/** One BatchGetItem for everything a checkout reads: products, locations, contact lookups, the customer, the code. */
@ApplicationScoped
public class DynamoCheckoutReads implements CheckoutReads {
    private final Table table;

    public DynamoCheckoutReads(Table table) { this.table = table; }

    @Override
    public Found read(Asked a) {
        List<Key> keys = new ArrayList<>();
        a.skus().stream().distinct().map(Keys::product).forEach(keys::add);
        a.locationIds().stream().distinct().map(Keys::location).forEach(keys::add);
        Key byPhone = a.phone() == null ? null : Keys.phoneLookup(a.phone());
        Key byEmail = a.email() == null ? null : Keys.emailLookup(a.email());
        Key customer = a.customerId() == null ? null : Keys.customer(a.customerId());
        String code = a.promotionCode() == null ? null : Promotion.normalise(a.promotionCode());
        Key promotion = code == null ? null : Keys.promotion(code);
        Key uses = code == null || a.customerId() == null ? null : Keys.promotionUse(code, a.customerId());
        Key tries = a.codeTries() == null ? null : Keys.rateLimit(a.codeTries().what(), a.codeTries().windowStart());
        for (Key k : new Key[] {byPhone, byEmail, customer, promotion, uses, tries}) if (k != null) keys.add(k);
        Map<String, Product> products = new HashMap<>();
        Map<String, Location> locations = new HashMap<>();
        String phoneOwner = null, emailOwner = null;
        boolean customerExists = false;
        long points = 0;
        Promotion found = null;
        long used = 0, refused = 0;
        if (keys.isEmpty()) return new Found(products, locations, null, null, false, 0, null, 0, 0);
        for (Map<String, AttributeValue> item : table.getAll(keys)) {
            Key key = new Key(str(item, Keys.PK), str(item, Keys.SK));
            if (key.equals(byPhone)) phoneOwner = DynamoCustomerStore.customerIdOf(item);
            else if (key.equals(byEmail)) emailOwner = DynamoCustomerStore.customerIdOf(item);
            else if (key.equals(customer)) {
                customerExists = true;
                points = item.containsKey("loyaltyPoints") ? Long.parseLong(item.get("loyaltyPoints").n()) : 0;
            }
            else if (key.equals(promotion)) found = DynamoPromotionStore.toPromotion(item);
            else if (key.equals(uses)) used = DynamoPromotionStore.usesOf(item);
            else if (key.equals(tries)) refused = num(item, "uses");
            else switch (Keys.ItemType.valueOf(str(item, Keys.TYPE))) {
                case PRODUCT -> { Product p = CatalogItems.product(item); products.put(p.sku(), p); }
                case LOCATION -> { Location l = CatalogItems.location(item); locations.put(l.id(), l); }
                default -> { }
            }
        }
        return new Found(products, locations, phoneOwner, emailOwner, customerExists, points, found, used, refused);
    }
}
