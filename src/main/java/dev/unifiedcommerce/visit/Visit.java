package dev.unifiedcommerce.visit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A shopper's booked time at a store to try items on, the items held for it until {@code holdUntil} (the slot's end
 * plus the store's grace). {@code customerName}/{@code customerPhone}: who the store expects, as known at booking.
 * {@code reminded}: how its reminder went (null until it was tried). {@code orderId}: the till sale taking its items.
 * {@code shopperRef}: the channel's verified shopper who booked it (its open visits are counted too), if any.
 */
public record Visit(String id, String locationId, Instant start, Instant end, String customerId, String customerName, String customerPhone,
                    List<Item> items, Status status, String reservationId, Instant holdUntil, Reminder remindTo, String createdBy, Instant createdAt,
                    String reminded, String orderId, String shopperRef) {
    public enum Status { BOOKED, ARRIVED, COMPLETED, NO_SHOW, CANCELLED }

    public record Item(String sku, int quantity) {}

    /** Where the reminder goes: an SMS number (E.164) or a chat webhook. */
    public record Reminder(String sms, String chatWebhookUrl) {}

    /** When its reminder went out, if it did ("SENT {instant} for {start}: ..."). */
    public Optional<Instant> reminderSentAt() {
        if (reminded == null || !reminded.startsWith("SENT ")) return Optional.empty();
        String at = reminded.substring(5).split(" ", 2)[0];
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    public boolean open() { return status == Status.BOOKED || status == Status.ARRIVED; }

    public Visit withStatus(Status s) {
        return new Visit(id, locationId, start, end, customerId, customerName, customerPhone, items, s, reservationId, holdUntil, remindTo, createdBy, createdAt, reminded, orderId,
                shopperRef);
    }

    public Visit movedTo(Instant newStart, Instant newEnd, Instant newHoldUntil) {
        return new Visit(id, locationId, newStart, newEnd, customerId, customerName, customerPhone, items, status, reservationId, newHoldUntil, remindTo,
                createdBy, createdAt, reminded, orderId, shopperRef);
    }
}
