package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.inventory.HoldExpiry;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;

/**
 * A visit's hold runs out at the slot's end plus the grace: a visit still BOOKED then is a NO_SHOW; one the shopper
 * came to (ARRIVED) without buying is COMPLETED. Either way in the transaction that releases the items.
 */
@ApplicationScoped
public class VisitExpiry implements HoldExpiry {
    private final VisitStore store;

    public VisitExpiry(VisitStore store) { this.store = store; }

    @Override
    public Writes expiring(Reservation r) {
        if (r.visitId() == null) return Writes.none();
        return store.visit(r.visitId()).filter(v -> r.id().equals(v.reservationId())).map(v -> switch (v.status()) {
            case BOOKED -> store.endWrites(v, EnumSet.of(Visit.Status.BOOKED), Visit.Status.NO_SHOW, false);
            case ARRIVED -> store.endWrites(v, EnumSet.of(Visit.Status.ARRIVED), Visit.Status.COMPLETED, false);
            default -> Writes.none();
        }).orElse(Writes.none());
    }

    @Override
    public void expired(Reservation r) { }
}
