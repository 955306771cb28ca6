package dev.unifiedcommerce.order;

import dev.unifiedcommerce.platform.transaction.Writes;

/**
 * A visit's items held at a store, that a till sale takes over (the visits capability answers; checkout knows no
 * visit). {@code previousOrderId}: an earlier sale of the visit that ended unpaid.
 */
public interface VisitHolds {
    record Held(String visitId, String customerId, String reservationId, String previousOrderId) {}

    /** The visit's hold, if a sale at {@code locationId} may take it now (else a problem naming {@code visitId}). */
    Held forSale(String visitId, String locationId);

    /** The visit is at the till with this order (ARRIVED), conditional on nobody else having started a sale of it. */
    Writes saleWrites(Held held, String orderId);
}
