package dev.unifiedcommerce.catalog.dynamo;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.platform.table.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;
import java.util.Set;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Item mapping of products and locations. */
public final class CatalogItems {
    private CatalogItems() {}

    static Map<String, AttributeValue> toItem(Product p) {
        Map<String, AttributeValue> item = Keys.product(p.sku()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.PRODUCT.name()));
        item.put("sku", s(p.sku()));
        item.put("name", s(p.name()));
        item.put("priceAmount", n(p.price().amount()));
        item.put("currency", s(p.price().currency()));
        item.put("active", bool(p.active()));
        if (p.subscription() != null) {
            item.put("subscription", AttributeValue.fromM(Map.of(
                    "intervals", AttributeValue.fromL(p.subscription().intervals().stream().sorted().map(i -> s(i.name())).toList()),
                    "amount", n(p.subscription().price().amount()), "currency", s(p.subscription().price().currency()))));
        }
        return item;
    }

    public static Product product(Map<String, AttributeValue> item) {
        Product.Subscription subscription = null;
        if (item.containsKey("subscription")) {
            var m = item.get("subscription").m();
            subscription = new Product.Subscription(Set.copyOf(m.get("intervals").l().stream().map(v -> Product.Interval.valueOf(v.s())).toList()),
                    new Money(num(m, "amount"), str(m, "currency")));
        }
        return new Product(str(item, "sku"), str(item, "name"), new Money(num(item, "priceAmount"), str(item, "currency")), flag(item, "active"),
                subscription);
    }

    public static Location location(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> a = map(item, "address");
        return new Location(str(item, "id"), str(item, "name"), Location.Type.valueOf(str(item, "locationType")), flag(item, "pickup"),
                new Location.Address(str(a, "line1"), str(a, "city"), str(a, "postalCode"), str(a, "country")),
                str(item, "stripeTerminalLocationId"), str(item, "timeZone"), str(item, "phone"));
    }

    static AttributeValue address(Location.Address a) {
        return AttributeValue.fromM(Map.of("line1", s(a.line1()), "city", s(a.city()), "postalCode", s(a.postalCode()), "country", s(a.country())));
    }
}
