package dev.unifiedcommerce.platform.provider;

import java.util.Locale;

/**
 * Stripe's lower-case status words ({@code requires_action}) and the domain's enums for them ({@code REQUIRES_ACTION}),
 * both ways. A word Stripe adds later reads as the enum's fallback, so a new status never fails a webhook: the domain
 * treats it as "not one of those I act on" and the next event or read says more.
 */
public final class StripeNames {
    private StripeNames() {}

    public static <E extends Enum<E>> E read(Class<E> type, String stripeWord, E fallback) {
        if (stripeWord == null || stripeWord.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, stripeWord.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    public static String word(Enum<?> value) { return value.name().toLowerCase(Locale.ROOT); }
}
