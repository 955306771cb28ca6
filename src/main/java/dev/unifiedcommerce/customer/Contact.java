package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.errors.Problem;

import java.util.Locale;
import java.util.regex.Pattern;

/** How a shopper identifies themselves at a checkout: phone and/or e-mail, normalised. */
public record Contact(String phone, String email, String name) {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    /**
     * Normalises a phone number to E.164. Numbers must be international ("+81 90-1234-5678", "0081..."): without a
     * country we cannot tell one shopper from another, and a wrong guess would merge two customers.
     */
    public static String e164(String raw, String field) {
        if (raw == null) return null;
        String digits = raw.strip().replaceAll("[\\s().-]", "");
        if (digits.startsWith("00")) digits = "+" + digits.substring(2);
        if (!E164.matcher(digits).matches()) {
            throw Problem.badField(field, "must be an international phone number, e.g. +819012345678");
        }
        return digits;
    }

    public static String email(String raw, String field) {
        if (raw == null) return null;
        String e = raw.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) throw Problem.badField(field, "must be an e-mail address");
        return e;
    }

    public boolean isEmpty() { return phone == null && email == null; }
}
