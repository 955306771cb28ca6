package dev.unifiedcommerce.catalog;

/** An amount in the currency's minor unit (e.g. cents, or yen), with a lower-case ISO 4217 code. */
public record Money(long amount, String currency) {}
