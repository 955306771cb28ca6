package dev.unifiedcommerce.order;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.promotion.CodeTries;
import dev.unifiedcommerce.promotion.Promotion;

import java.util.Collection;
import java.util.Map;

/**
 * The one read a checkout makes before its transaction: prices, the store, who the shopper's contact details name,
 * whether the customer the caller vouches for exists, and the promotion code with that customer's uses of it and how
 * many codes this shopper (or caller) had refused this hour.
 */
public interface CheckoutReads {
    /** What the checkout asks about. Null fields are not read. */
    record Asked(Collection<String> skus, Collection<String> locationIds, String phone, String email, String customerId, String promotionCode,
                 CodeTries.Counter codeTries) {}

    /**
     * Products and locations found by id; the customer ids the phone and e-mail point at (null when unknown); whether
     * {@code customerId} exists; the code (null when unknown) and how often that customer used it.
     */
    record Found(Map<String, Product> products, Map<String, Location> locations, String customerByPhone, String customerByEmail,
                 boolean customerExists, long loyaltyPoints, Promotion promotion, long usesByCustomer, long codesRefused) {}

    Found read(Asked asked);
}
