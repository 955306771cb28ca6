package dev.unifiedcommerce.catalog;

import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.List;

/** Products and locations: the reference data every sale points at. */
@ApplicationScoped
public class Catalog {
    private final CatalogStore store;
    private final Event<ProductSaved> saved;

    public Catalog(CatalogStore store, Event<ProductSaved> saved) {
        this.store = store;
        this.saved = saved;
    }

    /** Saved, then announced (synchronously: the answer comes once every stock level of it follows its active flag). */
    public Product saveProduct(Product product) {
        Product p = store.save(product);
        saved.fire(new ProductSaved(p));
        return p;
    }

    public Product product(String sku) {
        return store.product(sku).orElseThrow(() -> Rejected.notFound("product", "sku", sku));
    }

    public Location saveLocation(Location location) { return store.save(location); }

    public Location location(String id) {
        return store.location(id).orElseThrow(() -> Rejected.notFound("location", "locationId", id));
    }

    public List<Location> locations() { return store.locations(); }

    public CatalogStore.LocationPage locations(int limit, String next) { return store.locations(limit, next); }
}
