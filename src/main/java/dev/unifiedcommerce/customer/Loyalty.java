package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.platform.transaction.Writes;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loyalty points, a currency of their own: earned as a share of what was paid (after discounts) on every payment in
 * every channel, spent at checkout at a fixed value per currency, given back and taken back with the money.
 */
@ApplicationScoped
public class Loyalty {
    @ConfigMapping(prefix = "commerce.loyalty")
    public interface LoyaltyConfig {
        /** Percent of the amount paid earned back in points' value (1: 1 point per 100 JPY, 1 per US dollar). */
        @WithDefault("1")
        double earnPercent();

        /**
         * What one point is worth, in minor units, per lower-case currency ({@code commerce.loyalty.point-value.eur=2});
         * a currency not listed: 1 (1 JPY, 1 US cent).
         */
        @WithDefault("1")
        Map<String, Long> pointValue();

        /** At most this percent of an order (after its promotion code) may be paid with points. */
        @WithDefault("100")
        int maxRedeemPercent();
    }

    private final LoyaltyLedger ledger;
    private final LoyaltyConfig config;
    private final Clock clock;

    public Loyalty(LoyaltyLedger ledger, LoyaltyConfig config, Clock clock) {
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /** Minor units one point is worth in {@code currency}. */
    public long pointValue(String currency) {
        return Math.max(1, config.pointValue().getOrDefault(currency.toLowerCase(Locale.ROOT), 1L));
    }

    public Money valueOf(long points, String currency) { return new Money(points * pointValue(currency), currency); }

    /** Points earned by paying {@code paid}: its earn share, in points, rounded down. */
    public long earned(Money paid) {
        return (long) Math.floor(paid.amount() * config.earnPercent() / 100.0 / pointValue(paid.currency()) + 1e-9);
    }

    /** The most points that may pay for {@code amount} (what is left after a promotion code). */
    public long mostRedeemable(Money amount) {
        return amount.amount() * config.maxRedeemPercent() / 100 / pointValue(amount.currency());
    }

    public Optional<LoyaltyLedger.Entry> earnedEntry(String orderId, Money paid) {
        long p = earned(paid);
        return p == 0 ? Optional.empty() : Optional.of(new LoyaltyLedger.Entry(clock.instant(), orderId, p, "EARNED"));
    }

    /**
     * What a refund of {@code refunded} out of {@code paid} earned, as a share of {@code earned} (what the payment earned
     * when it was applied; rounded down); negative: given back.
     */
    public Optional<LoyaltyLedger.Entry> reversalEntry(String orderId, long earned, Money paid, long refunded, String refundId) {
        if (paid.amount() == 0) return Optional.empty();
        long back = earned * refunded / paid.amount();
        return back == 0 ? Optional.empty() : Optional.of(new LoyaltyLedger.Entry(clock.instant(), orderId + "#" + refundId, -back,
                back > 0 ? "REFUNDED" : "REFUND_FAILED"));
    }

    /** Points an order spent coming back ({@code points} > 0) or spent again (< 0), as one ledger entry. */
    public Optional<LoyaltyLedger.Entry> pointsEntry(String orderId, long points, String why) {
        return points == 0 ? Optional.empty() : Optional.of(new LoyaltyLedger.Entry(clock.instant(), orderId + "#" + why, points, why));
    }

    /** Entries for one customer, posted with ONE change of their balance (one action per item per transaction). */
    @SafeVarargs
    public final Writes post(String customerId, Optional<LoyaltyLedger.Entry>... entries) {
        if (customerId == null) return Writes.none();
        List<LoyaltyLedger.Entry> all = new ArrayList<>();
        for (var e : entries) e.ifPresent(all::add);
        return all.isEmpty() ? Writes.none() : ledger.append(customerId, all, null);
    }

    public Writes earn(String customerId, String orderId, Money paid) { return post(customerId, earnedEntry(orderId, paid)); }

    /**
     * As {@link #post}, only while the balance holds {@code atLeast} points ({@code refused} explains otherwise): entries
     * that take points must never leave a balance below zero.
     */
    @SafeVarargs
    public final Writes postWithin(String customerId, long atLeast, Supplier<? extends RuntimeException> refused,
                                   Optional<LoyaltyLedger.Entry>... entries) {
        if (customerId == null) return Writes.none();
        List<LoyaltyLedger.Entry> all = new ArrayList<>();
        for (var e : entries) e.ifPresent(all::add);
        return all.isEmpty() ? Writes.none() : ledger.append(customerId, all, new LoyaltyLedger.Guard(atLeast, refused));
    }


    /**
     * Spends {@code points} of the customer's balance for an order: the balance goes down only while it still has them
     * (the condition is what makes two channels spending the last points at once end with one winner).
     */
    public Writes spend(String customerId, String orderId, long points, Supplier<? extends RuntimeException> refused) {
        return ledger.append(customerId, List.of(new LoyaltyLedger.Entry(clock.instant(), orderId + "#SPENT", -points, "SPENT")), new LoyaltyLedger.Guard(points, refused));
    }
}
