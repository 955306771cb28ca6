package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.platform.provider.StripeNames;

/**
 * A refund's status at Stripe. Refund answers and the table keep Stripe's own word for it ({@link #word()}); a word
 * Stripe adds later is kept as {@code unknown} until this list names it.
 */
public enum RefundStatus {
    PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELED,
    /** A status Stripe added after this code was written. */
    UNKNOWN;

    /** The money has gone back, or is on its way: the refund stands. */
    public boolean stands() { return this == SUCCEEDED || this == PENDING; }

    /** It did not happen and will not: failed or canceled. */
    public boolean ended() { return this == FAILED || this == CANCELED; }

    public String word() { return StripeNames.word(this); }

    public static RefundStatus of(String stripeWord) { return StripeNames.read(RefundStatus.class, stripeWord, UNKNOWN); }
}
