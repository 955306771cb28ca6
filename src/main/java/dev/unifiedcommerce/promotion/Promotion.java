package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.catalog.Money;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * A promotion code, or a personal coupon when {@code customerId} is set: what it takes off, when and where it applies,
 * and how often it may be used. {@code redemptions} counts uses (kept by the checkout's transaction, never by a save).
 * {@code issuedBy}, {@code issuedAt}: who handed a personal code out, and when.
 */
public record Promotion(String code, String description, Type type, Integer percentOff, Money amountOff, Instant validFrom, Instant validUntil,
                        Set<String> channels, Set<String> locationIds, Money minimumSpend, Long maxRedemptions, Long maxPerCustomer,
                        String customerId, boolean active, long redemptions, String issuedBy, Instant issuedAt) {
    public enum Type { PERCENT, AMOUNT }

    /** A code an admin set up (who issued it is not kept: admins set codes up, they do not hand them out). */
    public Promotion(String code, String description, Type type, Integer percentOff, Money amountOff, Instant validFrom, Instant validUntil,
                     Set<String> channels, Set<String> locationIds, Money minimumSpend, Long maxRedemptions, Long maxPerCustomer,
                     String customerId, boolean active, long redemptions) {
        this(code, description, type, percentOff, amountOff, validFrom, validUntil, channels, locationIds, minimumSpend, maxRedemptions, maxPerCustomer,
                customerId, active, redemptions, null, null);
    }

    /** Codes are case-insensitive: kept and looked up in upper case. */
    public static String normalise(String code) { return code.toUpperCase(Locale.ROOT); }

    /** Active, within its dates, with uses left: what a shopper could still spend now. */
    public boolean usableAt(Instant now) {
        return active && (validFrom == null || !now.isBefore(validFrom)) && (validUntil == null || now.isBefore(validUntil))
                && (maxRedemptions == null || redemptions < maxRedemptions);
    }

    public Promotion withRedemptions(long n) {
        return new Promotion(code, description, type, percentOff, amountOff, validFrom, validUntil, channels, locationIds, minimumSpend,
                maxRedemptions, maxPerCustomer, customerId, active, n, issuedBy, issuedAt);
    }
}
