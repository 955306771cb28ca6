package dev.unifiedcommerce.catalog;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Currencies a price can be in: ISO 4217 codes (lower case, as Stripe writes them) that Stripe charges in. A price in a
 * currency Stripe refuses could never be paid, so it is refused when the product is saved, naming the field.
 */
public final class Currencies {
    /** Stripe's presentment currencies (stripe.com/docs/currencies). */
    static final Set<String> STRIPE = Set.of("usd", "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd", "bdt",
            "bgn", "bhd", "bif", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf", "chf", "clp", "cny", "cop", "crc",
            "cve", "czk", "djf", "dkk", "dop", "dzd", "egp", "etb", "eur", "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gnf", "gtq", "gyd",
            "hkd", "hnl", "htg", "huf", "idr", "ils", "inr", "isk", "jmd", "jod", "jpy", "kes", "kgs", "khr", "kmf", "krw", "kwd", "kyd",
            "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mga", "mkd", "mmk", "mnt", "mop", "mur", "mvr", "mwk", "mxn", "myr",
            "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "omr", "pab", "pen", "pgk", "php", "pkr", "pln", "pyg", "qar", "ron", "rsd",
            "rub", "rwf", "sar", "sbd", "scr", "sek", "sgd", "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "tnd", "top", "try",
            "ttd", "twd", "tzs", "uah", "ugx", "uyu", "uzs", "vnd", "vuv", "wst", "xaf", "xcd", "xof", "xpf", "yer", "zar", "zmw");

    private Currencies() {}

    public static boolean chargeable(String code) {
        if (code == null || !code.matches("[a-z]{3}") || !STRIPE.contains(code)) return false;
        try {
            Currency.getInstance(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException notIso) {
            return false;
        }
    }
}
