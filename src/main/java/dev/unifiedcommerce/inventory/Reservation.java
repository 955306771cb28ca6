package dev.unifiedcommerce.inventory;

import java.time.Instant;
import java.util.List;

/**
 * Stock held for a shopper until {@code holdExpiresAt}. Expiry is ours to enforce (lazily by the reserve that
 * needs the stock, and by the Sweeper), never DynamoDB TTL's.
 */
public record Reservation(String id, Status status, List<ReservationLine> lines, Instant holdExpiresAt, Instant createdAt, String owner,
                          String orderId, String visitId) {
    public enum Status { HELD, COMMITTED, RELEASED, EXPIRED }

    /** A hold for no order or visit (yet). */
    public Reservation(String id, Status status, List<ReservationLine> lines, Instant holdExpiresAt, Instant createdAt, String owner, String orderId) {
        this(id, status, lines, holdExpiresAt, createdAt, owner, orderId, null);
    }

    public Reservation withLines(List<ReservationLine> next) { return new Reservation(id, status, next, holdExpiresAt, createdAt, owner, orderId, visitId); }

    public Reservation withStatus(Status next) { return new Reservation(id, next, lines, holdExpiresAt, createdAt, owner, orderId, visitId); }

    public boolean expiredAt(Instant now) { return !holdExpiresAt.isAfter(now); }
}
