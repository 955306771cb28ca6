package dev.unifiedcommerce.visit;

import java.time.Instant;
import java.util.List;

/**
 * A shopper's booked time at a store to try items on, the items held for it until {@code holdUntil} (the slot's end
 * plus the store's grace). {@code customerName}/{@code customerPhone}: who the store expects, as known at booking.
 * {@code reminded}: how its reminder went (null until it was tried). {@code orderId}: the till sale taking its items.
 */
public record Visit(String id, String locationId, Instant start, Instant end, String customerId, String customerName, String customerPhone,
                    List<Item> items, Status status, String reservationId, Instant holdUntil, Reminder remindTo, String createdBy, Instant createdAt,
                    String reminded, String orderId) {
    public enum Status { BOOKED, ARRIVED, COMPLETED, NO_SHOW, CANCELLED }

    public record Item(String sku, int quantity) {}

    /** Where the reminder goes: an SMS number (E.164) or a chat webhook. */
    public record Reminder(String sms, String chatWebhookUrl) {}

    public boolean open() { return status == Status.BOOKED || status == Status.ARRIVED; }

    public Visit withStatus(Status s) {
        return new Visit(id, locationId, start, end, customerId, customerName, customerPhone, items, s, reservationId, holdUntil, remindTo, createdBy, createdAt, reminded, orderId);
    }

    public Visit movedTo(Instant newStart, Instant newEnd, Instant newHoldUntil) {
        return new Visit(id, locationId, newStart, newEnd, customerId, customerName, customerPhone, items, status, reservationId, newHoldUntil, remindTo,
                createdBy, createdAt, reminded, orderId);
    }
}
