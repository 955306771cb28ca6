package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.platform.table.Writes;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.Currency;
import java.util.Locale;

/** Points earned everywhere: on every payment applied, reversed on refunds, at a configurable rate. */
@ApplicationScoped
public class Loyalty {
    @ConfigMapping(prefix = "commerce.loyalty")
    public interface LoyaltyConfig {
        /** Points per whole currency unit paid (1 yen, 1 dollar...). */
        @WithDefault("1")
        long pointsPerUnit();
    }

    private final LoyaltyLedger ledger;
    private final LoyaltyConfig config;
    private final Clock clock;

    public Loyalty(LoyaltyLedger ledger, LoyaltyConfig config, Clock clock) {
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /** Whole units of an amount in minor units: 2500 jpy is 2500 yen, 2599 usd is 25 dollars. */
    public long points(Money money) {
        int digits = Currency.getInstance(money.currency().toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        long unit = (long) Math.pow(10, Math.max(digits, 0));
        return money.amount() / unit * config.pointsPerUnit();
    }

    public Writes earn(String customerId, String orderId, Money paid) {
        if (customerId == null) return Writes.none();
        long p = points(paid);
        return p == 0 ? Writes.none() : ledger.append(customerId, new LoyaltyLedger.Entry(clock.instant(), orderId, p, "EARNED"));
    }

    /** Takes back what a refund of {@code refunded} out of {@code paid} earned (proportionally, rounded down). */
    public Writes reverse(String customerId, String orderId, Money paid, long refunded, String refundId) {
        if (customerId == null || paid.amount() == 0) return Writes.none();
        long earned = points(paid);
        // a negative "refunded" gives back what an earlier reversal took (the refund failed after all)
        long back = earned * refunded / paid.amount();
        return back == 0 ? Writes.none() : ledger.append(customerId, new LoyaltyLedger.Entry(clock.instant(), orderId + "#" + refundId, -back,
                back > 0 ? "REFUNDED" : "REFUND_FAILED"));
    }
}
