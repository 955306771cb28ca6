package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.platform.provider.StripeNames;

/** A PaymentIntent's status at Stripe. */
public enum IntentStatus {
    REQUIRES_PAYMENT_METHOD, REQUIRES_CONFIRMATION, REQUIRES_ACTION, PROCESSING, REQUIRES_CAPTURE, CANCELED, SUCCEEDED,
    /** A status Stripe added after this code was written. */
    UNKNOWN;

    public String word() { return StripeNames.word(this); }

    public static IntentStatus of(String stripeWord) { return StripeNames.read(IntentStatus.class, stripeWord, UNKNOWN); }
}
