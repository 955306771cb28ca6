package dev.unifiedcommerce.order;

import java.util.Map;

/**
 * The smallest amount Stripe charges a card, per settlement currency (Stripe's "minimum and maximum charge amounts"),
 * in the currency's minor unit. A discount must not leave a total between zero and this: Stripe would refuse it.
 */
public final class MinimumCharge {
    private static final Map<String, Long> MINIMUM = Map.ofEntries(
            Map.entry("usd", 50L), Map.entry("aed", 200L), Map.entry("aud", 50L), Map.entry("bgn", 100L), Map.entry("brl", 50L),
            Map.entry("cad", 50L), Map.entry("chf", 50L), Map.entry("czk", 1500L), Map.entry("dkk", 250L), Map.entry("eur", 50L),
            Map.entry("gbp", 30L), Map.entry("hkd", 400L), Map.entry("huf", 17500L), Map.entry("inr", 50L), Map.entry("jpy", 50L),
            Map.entry("mxn", 1000L), Map.entry("myr", 200L), Map.entry("nok", 300L), Map.entry("nzd", 50L), Map.entry("pln", 200L),
            Map.entry("ron", 200L), Map.entry("sek", 300L), Map.entry("sgd", 50L), Map.entry("thb", 1000L));

    private MinimumCharge() {}

    /** The minimum for {@code currency}; 50 minor units for a currency not listed (Stripe's usual floor). */
    public static long of(String currency) { return MINIMUM.getOrDefault(currency, 50L); }
}
