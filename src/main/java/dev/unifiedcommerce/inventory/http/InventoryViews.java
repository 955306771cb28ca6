package dev.unifiedcommerce.inventory.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.ShardPlan;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Request and answer bodies of the stock and reservation routes (API.md "Stock", "Reservations"). */
public final class InventoryViews {
    private InventoryViews() {}

    public static final long MAX_ON_HAND = 1_000_000_000L;

    public record OnHandBody(@NotNull @Min(0) @Max(MAX_ON_HAND) Long onHand) {}

    public record AdjustmentBody(@NotNull @Min(-MAX_ON_HAND) @Max(MAX_ON_HAND) Long delta,
                                 @NotNull @Pattern(regexp = "[A-Z][A-Z_]{0,31}", message = "must be an upper-case code such as DAMAGED, RECOUNT, RECEIVED") String reason) {}

    /** {@code shards}: present only for stock split over several items (a hot SKU); the numbers are their sums. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StockLevelView(String sku, String locationId, long onHand, long reserved, long available, Integer shards) {
        public static StockLevelView of(StockLevel s) {
            return new StockLevelView(s.sku(), s.locationId(), s.onHand(), s.reserved(), s.available(), s.shards() > 1 ? s.shards() : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationStock(String locationId, long onHand, long reserved, long available, boolean pickup, Integer shards) {}

    /** The answer to PUT .../shards: the stock level and how many shards its holds now spread over. */
    public record ShardedStockView(String sku, String locationId, long onHand, long reserved, long available, int shards) {
        public static ShardedStockView of(StockLevel s) {
            return new ShardedStockView(s.sku(), s.locationId(), s.onHand(), s.reserved(), s.available(), s.shards());
        }
    }

    public record ShardsBody(@NotNull @Min(1) @Max(ShardPlan.MAX_SHARDS) Integer count) {}

    public record SkuStock(String sku, long available, List<LocationStock> locations) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationInventory(String locationId, List<StockLevelView> items, String next) {}

    public record LineBody(@NotNull @Pattern(regexp = Ids.PATTERN) String sku,
                           @NotNull @Pattern(regexp = Ids.PATTERN) String locationId,
                           @NotNull @Min(1) @Max(10_000) Integer quantity) {
        ReservationLine toLine() { return new ReservationLine(sku, locationId, quantity); }
    }

    public record ReservationBody(@NotNull @NotEmpty @Size(max = 40) List<@NotNull @Valid LineBody> lines,
                                  @Min(60) @Max(86_400) Integer ttlSeconds) {}

    public record ReservationView(String reservationId, Reservation.Status status, String expiresAt, String createdAt,
                                  List<ReservationLine> lines) {
        public static ReservationView of(Reservation r) {
            return new ReservationView(r.id(), r.status(), r.holdExpiresAt().toString(), r.createdAt().toString(), r.lines());
        }
    }

    public record SweepResult(int expired) {}

}
