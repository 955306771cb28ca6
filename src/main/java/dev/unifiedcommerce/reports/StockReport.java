package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Low stock: each SKU at a location with what it sold over the last 7 days (today and the 6 days before, in the
 * location's zone), what is available now, and how many days that lasts at that rate. A SKU that sold nothing has no
 * days of cover (it is not running out) and is never listed as low.
 */
@ApplicationScoped
public class StockReport {
    /** The days the selling rate is taken over. */
    public static final int RATE_DAYS = 7;

    /** {@code daysOfCover}: available / (sold / 7), one decimal; null when nothing sold. */
    public record Row(String locationId, String sku, long soldLast7Days, long onHand, long available, Double daysOfCover) {}

    private final Inventory inventory;
    private final CatalogStore catalog;
    private final SalesReportStore sales;
    private final Clock clock;

    public StockReport(Inventory inventory, CatalogStore catalog, SalesReportStore sales, Clock clock) {
        this.inventory = inventory;
        this.catalog = catalog;
        this.sales = sales;
        this.clock = clock;
    }

    /** The rows of these locations whose days of cover are below {@code below} (null: every row), lowest cover first. */
    public List<Row> lowStock(List<String> locationIds, Double below) {
        List<Row> rows = new ArrayList<>();
        for (String locationId : locationIds) {
            Location location = catalog.location(locationId).orElseThrow(() -> Rejected.notFound("location", "locationId", locationId));
            // the store's date now, from the instant (a Clock's own zone is not the store's)
            LocalDate today = LocalDate.ofInstant(clock.instant(), StoreZones.of(location.timeZone()));
            Map<String, Long> sold = new HashMap<>();
            for (int back = 0; back < RATE_DAYS; back++) {
                sales.sold(today.minusDays(back), locationId).forEach(s -> sold.merge(s.sku(), s.units(), Long::sum));
            }
            String next = null;
            do {
                var page = inventory.stockAt(locationId, 100, next);
                for (StockLevel level : page.items()) {
                    long units = sold.getOrDefault(level.sku(), 0L);
                    Double cover = units == 0 ? null : Math.round(10.0 * level.available() * RATE_DAYS / units) / 10.0;
                    if (below == null || (cover != null && cover < below)) {
                        rows.add(new Row(locationId, level.sku(), units, level.onHand(), level.available(), cover));
                    }
                }
                next = page.next();
            } while (next != null);
        }
        rows.sort(Comparator.comparing((Row r) -> r.daysOfCover() == null ? Double.MAX_VALUE : r.daysOfCover())
                .thenComparing(Row::locationId).thenComparing(Row::sku));
        return rows;
    }
}
