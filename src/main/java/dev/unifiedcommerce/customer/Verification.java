package dev.unifiedcommerce.customer;

import java.time.Instant;

/**
 * A code sent to a phone (SMS) or e-mail to prove the shopper holds it. Started by a caller (a channel, for its shopper
 * {@code shopperRef}; staff at the till), confirmed only by that caller; the code itself is never kept, only its keyed
 * hash. {@code customerId}: the customer the confirmed contact belongs to.
 */
public record Verification(String id, String startedBy, Kind kind, String destination, String shopperRef, String codeHash, Instant expiresAt,
                           int tries, Status status, String customerId, Instant confirmedAt) {
    public enum Kind { PHONE, EMAIL }

    public enum Status { PENDING, CONFIRMED }

    public boolean expired(Instant now) { return !now.isBefore(expiresAt); }

    /** The destination as the caller may be told it: enough to recognise, not to learn. */
    public String maskedDestination() { return mask(kind, destination); }

    public static String mask(Kind kind, String destination) {
        if (kind == Kind.EMAIL) {
            int at = destination.indexOf('@');
            return destination.charAt(0) + "***" + destination.substring(at);
        }
        // +81•••••••5678: the country code and the last four digits
        int keep = Math.min(4, destination.length() - 3);
        return destination.substring(0, 3) + "*".repeat(destination.length() - 3 - keep) + destination.substring(destination.length() - keep);
    }
}
