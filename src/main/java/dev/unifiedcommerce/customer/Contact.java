package dev.unifiedcommerce.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.unifiedcommerce.platform.errors.Rejected;

import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** How a shopper identifies themselves at a checkout: phone and/or e-mail, normalised. */
public record Contact(String phone, String email, String name) {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");

    /**
     * A phone number as people type it, in E.164 (libphonenumber): international ("+81 90-1234-5678", "0081..."), or
     * national in {@code region} ("090-1234-5678" at a Tokyo till is +819012345678; "+81 090-..." with the trunk zero is
     * the same number). {@code region} (ISO 3166 alpha-2) may be null: then only international numbers are understood,
     * because a wrong guess would merge two customers.
     */
    public static String e164(String raw, String field, String region) { return e164(raw, field, () -> region); }

    /** As above, the region looked up only for a number typed without its country code. */
    public static String e164(String raw, String field, Supplier<String> regionOf) {
        if (raw == null) return null;
        String typed = raw.strip();
        if (typed.startsWith("00")) typed = "+" + typed.substring(2);
        String region = typed.startsWith("+") ? null : regionOf.get();
        if (typed.length() > 40 || typed.isEmpty()) throw Rejected.invalid(field, "must be a phone number");
        try {
            var number = PHONES.parse(typed, typed.startsWith("+") ? null : region == null ? "ZZ" : region.toUpperCase(Locale.ROOT));
            // the number's shape for its country (length, a known country code), not libphonenumber's list of allocated
            // ranges: that list trails new allocations, and a shopper's real number must never be refused at a till
            if (PHONES.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
                throw Rejected.invalid(field, "is not a valid phone number" + (region == null ? "" : " in " + region));
            }
            return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw Rejected.invalid(field, region == null
                    ? "must be an international phone number, e.g. +819012345678 (no store or default region to read a national one)"
                    : "must be a phone number, national in " + region + " or international");
        }
    }

    /** As {@link #e164(String, String, String)}, international numbers only. */
    public static String e164(String raw, String field) { return e164(raw, field, (String) null); }

    /**
     * 422 naming {@code field} unless {@code e164} could be a mobile number (its length and prefix for its country):
     * texts go only to phones that can receive them. Deliberately not {@code isValidNumber}, whose list of allocated
     * ranges trails real ones.
     */
    public static void requireMobile(String e164, String field) {
        try {
            if (!PHONES.isPossibleNumberForType(PHONES.parse(e164, null), PhoneNumberUtil.PhoneNumberType.MOBILE)) {
                throw Rejected.unusable(field, "texts go only to mobile numbers; " + e164 + " cannot be one (a digit missing or too many?)");
            }
        } catch (NumberParseException e) {
            throw Rejected.invalid(field, "must be a phone number");
        }
    }

    public static String email(String raw, String field) {
        if (raw == null) return null;
        String e = raw.strip().toLowerCase(Locale.ROOT);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) throw Rejected.invalid(field, "must be an e-mail address");
        return e;
    }

    public boolean isEmpty() { return phone == null && email == null; }
}
