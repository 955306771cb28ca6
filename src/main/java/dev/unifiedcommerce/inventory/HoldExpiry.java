package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;

/**
 * What else happens when a hold runs out, supplied by the capability that made the hold (checkout: the order
 * EXPIRES with it, in the same transaction, and its payment link is expired at Stripe afterwards).
 */
public interface HoldExpiry {
    HoldExpiry NONE = new HoldExpiry() {
        @Override public Writes expiring(Reservation r) { return Writes.none(); }
        @Override public void expired(Reservation r) { }
    };

    /** Every capability's expiry as one: their writes joined, each told afterwards. */
    static HoldExpiry all(List<HoldExpiry> each) {
        if (each.isEmpty()) return NONE;
        if (each.size() == 1) return each.getFirst();
        return new HoldExpiry() {
            @Override public Writes expiring(Reservation r) {
                Writes w = Writes.none();
                for (HoldExpiry e : each) w = w.and(e.expiring(r));
                return w;
            }

            @Override public void expired(Reservation r) { each.forEach(e -> e.expired(r)); }
        };
    }

    /** Writes that join the transaction that expires {@code r}. */
    Writes expiring(Reservation r);

    /** After the expiry is written: side effects outside the table (best effort). */
    void expired(Reservation r);
}
