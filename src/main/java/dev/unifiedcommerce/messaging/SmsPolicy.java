package dev.unifiedcommerce.messaging;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may be texted, and how often: an SMS costs money per message, so a checkout-then-cancel loop must not pump them.
 * Only numbers of allowed countries (default: the countries the stores are in), and at most so many per destination
 * and per caller in fixed windows (the table's counters, shared by every function instance). Applies to payment links
 * now, and to visit reminders and subscription links when those land.
 */
@ApplicationScoped
public class SmsPolicy {
    @ConfigMapping(prefix = "commerce.sms")
    public interface SmsConfig {
        /** ISO 3166 alpha-2 codes SMS may go to; unset = the countries of the stores. */
        Optional<List<String>> countries();

        @WithDefault("5")
        int perDestinationPerHour();

        @WithDefault("200")
        int perCallerPerHour();
    }

    private record Known(Set<String> countries, Instant readAt) {}

    private final SmsConfig config;
    private final CatalogStore catalog;
    private final RateLimits limits;
    private final Clock clock;
    private volatile Known storeCountries;

    public SmsPolicy(SmsConfig config, CatalogStore catalog, RateLimits limits, Clock clock) {
        this.config = config;
        this.catalog = catalog;
        this.limits = limits;
        this.clock = clock;
    }

    /** 422 naming {@code field} when the number's country is not one SMS may go to. */
    public void requireAllowedCountry(String e164, String field) {
        String region;
        try {
            region = PhoneNumberUtil.getInstance().getRegionCodeForNumber(PhoneNumberUtil.getInstance().parse(e164, null));
        } catch (NumberParseException e) {
            throw Rejected.invalid(field, "must be a phone number");
        }
        Set<String> allowed = allowedCountries();
        if (region == null || !allowed.contains(region)) {
            throw Rejected.unusable(field, "SMS to numbers of " + (region == null ? "that country" : region)
                    + " is not enabled (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    /** One SMS to {@code e164} for {@code caller}: 429 naming {@code field} past the hourly limits. */
    public void consume(String e164, String caller, String field) {
        // the caller's own limit first: a caller over its limit must not also spend the number's allowance,
        // or one noisy caller would lock the shopper out of links other channels send
        limits.consume("sms-by#" + caller, config.perCallerPerHour(), Duration.ofHours(1), field,
                "too many messages from this caller this hour; try again later");
        limits.consume("sms-to#" + e164, config.perDestinationPerHour(), Duration.ofHours(1), field,
                "too many messages to this number this hour; try again later");
    }

    private Set<String> allowedCountries() {
        if (config.countries().isPresent() && !config.countries().get().isEmpty()) {
            return config.countries().get().stream().map(String::trim).map(String::toUpperCase).collect(Collectors.toSet());
        }
        Known k = storeCountries;
        if (k == null || k.readAt().plus(Duration.ofMinutes(5)).isBefore(clock.instant())) {
            k = new Known(catalog.locations().stream().filter(l -> l.address() != null && l.address().country() != null)
                    .map(l -> l.address().country()).collect(Collectors.toSet()), clock.instant());
            storeCountries = k;
        }
        return k.countries();
    }
}
