package dev.unifiedcommerce.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a parcel goes: a recipient, their street address and a phone for the carrier (E.164). A customer keeps the
 * addresses they shipped to, so they never type them again (used only through a customer the caller vouches for).
 */
public record PostalAddress(String name, String line1, String line2, String city, String postalCode, String country, String phone) {
    /** The same address however it was typed (case and spacing): one saved address per place. */
    public String fingerprint() {
        String canonical = String.join("\u0000", norm(name), norm(line1), norm(line2), norm(city), norm(postalCode), norm(country));
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String norm(String s) { return s == null ? "" : s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT); }
}
