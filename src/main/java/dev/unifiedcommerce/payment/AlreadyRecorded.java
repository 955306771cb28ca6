package dev.unifiedcommerce.payment;

/**
 * A money fact was already in the ledger, so the transaction that carried it again wrote nothing: the Stripe event
 * was processed before, or this PaymentIntent's payment or this Stripe refund was already applied.
 */
public final class AlreadyRecorded extends RuntimeException {
    public enum What { EVENT, PAYMENT, REFUND }

    private final What what;

    public AlreadyRecorded(What what, String id) {
        super(what + " " + id + " already recorded", null, false, false);
        this.what = what;
    }

    public What what() { return what; }
}
