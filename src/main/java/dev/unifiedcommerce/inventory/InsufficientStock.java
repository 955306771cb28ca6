package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.errors.Rejected;

import java.util.List;
import java.util.Map;

/** Some line could not be held, so none was: 409 with every shortage. */
public final class InsufficientStock extends Rejected {
    private final List<Shortage> shortages;

    public InsufficientStock(List<Shortage> shortages) {
        super(Rejected.Kind.CONFLICT, "insufficient-stock", "Insufficient stock",
                shortages.size() + " line(s) cannot be held; nothing was held", "lines", Map.of("shortages", shortages), null);
        this.shortages = List.copyOf(shortages);
    }

    public List<Shortage> shortages() { return shortages; }
}
