package dev.unifiedcommerce.catalog;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Where products and locations are kept. */
public interface CatalogStore {
    Product save(Product product);
    Optional<Product> product(String sku);
    /** Location fields the admin sets; keeps what other capabilities attached (e.g. the Terminal location id). */
    Location save(Location location);
    Optional<Location> location(String id);
    List<Location> locations();

    record LocationPage(List<Location> locations, String next) {}

    /** One page of the locations, in id order; {@code next} is the store's own cursor (null on the last page). */
    LocationPage locations(int limit, String next);
    /** Products and locations by id, in one round trip; unknown ids are absent from the maps. */
    Lookup lookup(Collection<String> skus, Collection<String> locationIds);

    /** A condition for another write's transaction: the location exists, else {@code otherwise} explains the refusal. */
    Writes locationExists(String locationId, Supplier<? extends RuntimeException> otherwise);

    record Lookup(Map<String, Product> products, Map<String, Location> locations) {}
}
