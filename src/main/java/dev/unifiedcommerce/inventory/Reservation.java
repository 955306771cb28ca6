package dev.unifiedcommerce.inventory;

import java.time.Instant;
import java.util.List;

/**
 * Stock held for a shopper until {@code holdExpiresAt}. Expiry is ours to enforce (lazily by the reserve that
 * needs the stock, and by the Sweeper), never DynamoDB TTL's.
 */
public record Reservation(String id, Status status, List<ReservationLine> lines, Instant holdExpiresAt, Instant createdAt, String owner,
                          String orderId, String visitId, int linesVersion) {
    public enum Status { HELD, COMMITTED, RELEASED, EXPIRED }

    /** A hold for no order or visit (yet). */
    public Reservation(String id, Status status, List<ReservationLine> lines, Instant holdExpiresAt, Instant createdAt, String owner, String orderId) {
        this(id, status, lines, holdExpiresAt, createdAt, owner, orderId, null, 0);
    }

    /**
     * A hold for an order or a visit. {@code linesVersion}: how often its lines changed while HELD (units moved out of
     * a visit's hold at the till); every finish is conditional on it, so nobody releases units that have moved on.
     */
    public Reservation(String id, Status status, List<ReservationLine> lines, Instant holdExpiresAt, Instant createdAt, String owner, String orderId,
                       String visitId) {
        this(id, status, lines, holdExpiresAt, createdAt, owner, orderId, visitId, 0);
    }

    public Reservation withLines(List<ReservationLine> next) { return new Reservation(id, status, next, holdExpiresAt, createdAt, owner, orderId, visitId, linesVersion); }

    public Reservation withStatus(Status next) { return new Reservation(id, next, lines, holdExpiresAt, createdAt, owner, orderId, visitId, linesVersion); }

    public boolean expiredAt(Instant now) { return !holdExpiresAt.isAfter(now); }
}
