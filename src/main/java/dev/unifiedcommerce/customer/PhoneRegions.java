package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.catalog.CatalogStore;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Which country a phone number typed without its country code belongs to: the store the sale is fulfilled at, else
 * the only store of the staff member typing it, else {@code commerce.phone.default-region}, else none (then only
 * international numbers are understood).
 */
@ApplicationScoped
public class PhoneRegions {
    @ConfigMapping(prefix = "commerce.phone")
    public interface PhoneConfig {
        /** ISO 3166 alpha-2, e.g. JP. */
        Optional<String> defaultRegion();
    }

    private final CatalogStore catalog;
    private final PhoneConfig config;

    public PhoneRegions(CatalogStore catalog, PhoneConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    public String of(String fulfilmentLocationId, Set<String> callerStores) {
        String at = fulfilmentLocationId != null ? fulfilmentLocationId : callerStores.size() == 1 ? callerStores.iterator().next() : null;
        return Optional.ofNullable(at).flatMap(catalog::location).map(l -> l.address() == null ? null : l.address().country())
                .or(() -> config.defaultRegion().filter(r -> !r.isBlank())).orElse(null);
    }
}
