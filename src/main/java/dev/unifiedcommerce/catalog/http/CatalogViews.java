package dev.unifiedcommerce.catalog.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** Request and answer bodies of the catalog routes (API.md "Catalog and locations"). */
public final class CatalogViews {
    private CatalogViews() {}

    public record MoneyBody(@NotNull @Min(0) @Max(100_000_000_000L) Long amount,
                            @NotNull @ChargeableCurrency String currency) {
        public Money toMoney() { return new Money(amount, currency); }
        public static MoneyBody of(Money m) { return new MoneyBody(m.amount(), m.currency()); }
    }

    public record ProductBody(@NotBlank @Size(max = 200) String name, @NotNull @Valid MoneyBody price, Boolean active,
                              @Schema(description = "Also sold by subscription: the "
                                      + "intervals it renews at and its price per delivery (in the product's currency).")
                              @Valid SubscriptionBody subscription) {}

    public record SubscriptionBody(@NotNull @Size(min = 1, max = 4) List<Product.@NotNull Interval> intervals, @NotNull @Valid MoneyBody price) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProductView(String sku, String name, MoneyBody price, boolean active, SubscriptionView subscription) {
        public static ProductView of(Product p) {
            return new ProductView(p.sku(), p.name(), MoneyBody.of(p.price()), p.active(), p.subscription() == null ? null
                    : new SubscriptionView(p.subscription().intervals().stream().sorted().toList(), MoneyBody.of(p.subscription().price())));
        }
    }

    public record SubscriptionView(List<Product.Interval> intervals, MoneyBody price) {}

    public record AddressBody(@NotBlank @Size(max = 200) String line1, @NotBlank @Size(max = 100) String city,
                              @NotBlank @Size(max = 20) String postalCode,
                              @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country) {
        Location.Address toAddress() { return new Location.Address(line1, city, postalCode, country); }
    }

    public record LocationBody(@NotBlank @Size(max = 200) String name, @NotNull Location.Type type, Boolean pickup,
                               @NotNull @Valid AddressBody address, @Size(max = 64) String timeZone, @Size(max = 40) String phone) {
        /** An IANA zone ("Asia/Tokyo", "Europe/Stockholm"); null stays null (UTC). */
        public String zone() {
            if (timeZone == null) return null;
            try {
                if (!timeZone.contains("/") && !timeZone.equals("UTC")) throw new DateTimeException("not a region");
                return ZoneId.of(timeZone).getId();
            } catch (DateTimeException e) {
                throw Rejected.invalid("timeZone", "must be an IANA time zone such as Asia/Tokyo or Europe/Stockholm");
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code phone}: the store's number in E.164, shown to shoppers (visit reminders). */
    public record LocationView(String locationId, String name, Location.Type type, boolean pickup, Location.Address address,
                               String stripeTerminalLocationId, String timeZone, String phone) {
        public static LocationView of(Location l) {
            return new LocationView(l.id(), l.name(), l.type(), l.pickup(), l.address(), l.stripeTerminalLocationId(),
                    l.timeZone() == null ? "UTC" : l.timeZone(), l.phone());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocationList(List<LocationView> locations, String next) {}
}
