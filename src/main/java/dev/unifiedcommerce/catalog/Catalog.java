package dev.unifiedcommerce.catalog;

import dev.unifiedcommerce.platform.errors.Problem;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Products and locations: the reference data every sale points at. */
@ApplicationScoped
public class Catalog {
    private final CatalogStore store;

    public Catalog(CatalogStore store) { this.store = store; }

    public Product saveProduct(Product product) { return store.save(product); }

    public Product product(String sku) {
        return store.product(sku).orElseThrow(() -> Problem.notFound("product", "sku", sku));
    }

    public Location saveLocation(Location location) { return store.save(location); }

    public Location location(String id) {
        return store.location(id).orElseThrow(() -> Problem.notFound("location", "locationId", id));
    }

    public List<Location> locations() { return store.locations(); }

    public CatalogStore.LocationPage locations(int limit, String next) { return store.locations(limit, next); }
}
