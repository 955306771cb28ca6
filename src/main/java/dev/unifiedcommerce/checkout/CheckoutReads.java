package dev.unifiedcommerce.checkout;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;

import java.util.Collection;
import java.util.Map;

/** The one read a checkout makes before its transaction: prices, the store, and who the shopper's contact details name. */
public interface CheckoutReads {
    /** Products and locations found by id, and the customer ids the phone and e-mail point at (null when unknown). */
    record Found(Map<String, Product> products, Map<String, Location> locations, String customerByPhone, String customerByEmail) {}

    Found read(Collection<String> skus, Collection<String> locationIds, String phone, String email);
}
