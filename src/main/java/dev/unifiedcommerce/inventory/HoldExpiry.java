package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.table.Writes;

/**
 * What else happens when a hold runs out, supplied by the capability that made the hold (checkout: the order
 * EXPIRES with it, in the same transaction, and its payment link is expired at Stripe afterwards).
 */
public interface HoldExpiry {
    HoldExpiry NONE = new HoldExpiry() {
        @Override public Writes expiring(Reservation r) { return Writes.none(); }
        @Override public void expired(Reservation r) { }
    };

    /** Writes that join the transaction that expires {@code r}. */
    Writes expiring(Reservation r);

    /** After the expiry is written: side effects outside the table (best effort). */
    void expired(Reservation r);
}
