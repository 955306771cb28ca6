package dev.unifiedcommerce.inventory;

/** The reservation left HELD while we worked (a release and a commit raced): re-read and decide again. */
public final class ReservationNotHeld extends RuntimeException {
    public ReservationNotHeld(String id) { super("reservation " + id + " is no longer HELD", null, false, false); }
}
