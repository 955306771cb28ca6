package dev.unifiedcommerce.inventory.dynamo;

import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.time.Instants;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Item mapping of stock levels, hold lines and reservations. */
final class InventoryItems {
    static final String ON_HAND = "onHand", RESERVED = "reserved", AVAILABLE = "available", STATUS = "status",
            HOLD_EXPIRES_AT = "holdExpiresAt", RESERVATION_ID = "reservationId", QUANTITY = "quantity";
    /** The product is active (kept in step with the catalog): a hold's condition, so a hold needs no catalog read. */
    static final String FOR_SALE = "forSale";
    /** Bumped each time units move out of a HELD reservation (a visit's, at the till). */
    static final String LINES_VERSION = "linesVersion";
    /** On a level's own item: how many shards new holds spread over, and how many shard items may hold units (>= shards). */
    static final String SHARDS = "shards", SHARD_SPAN = "shardSpan";
    /** On a reservation that drew from shards: its lines name them (finishing it without them would move the wrong items). */
    static final String SHARDED = "sharded";

    private InventoryItems() {}

    static StockLevel stockLevel(Map<String, AttributeValue> item) {
        return new StockLevel(str(item, "sku"), str(item, "locationId"), num(item, ON_HAND), num(item, RESERVED), num(item, AVAILABLE), shards(item));
    }

    /** Shards new holds use (1: not split). */
    static int shards(Map<String, AttributeValue> level) { return Math.max(1, (int) num(level, SHARDS)); }

    /** Shard items that may hold units: every one ever used, until the stock level is gathered and they are empty. */
    static int span(Map<String, AttributeValue> level) { return Math.max(shards(level), (int) num(level, SHARD_SPAN)); }

    static Map<String, AttributeValue> holdLine(Reservation r, ReservationLine l) {
        Map<String, AttributeValue> item = Keys.holdLine(l.sku(), l.locationId(), r.id(), l.homeShard()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.HOLD_LINE.name()));
        item.put(RESERVATION_ID, s(r.id()));
        item.put("sku", s(l.sku()));
        item.put("locationId", s(l.locationId()));
        item.put(QUANTITY, n(l.quantity()));
        item.put(HOLD_EXPIRES_AT, s(Instants.format(r.holdExpiresAt())));
        return item;
    }

    static Map<String, AttributeValue> toItem(Reservation r) {
        Map<String, AttributeValue> item = Keys.reservation(r.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.RESERVATION.name()));
        item.put("id", s(r.id()));
        item.put(STATUS, s(r.status().name()));
        item.put(HOLD_EXPIRES_AT, s(Instants.format(r.holdExpiresAt())));
        item.put("createdAt", s(Instants.format(r.createdAt())));
        if (r.owner() != null) item.put("owner", s(r.owner()));
        if (r.orderId() != null) item.put("orderId", s(r.orderId()));
        if (r.visitId() != null) item.put("visitId", s(r.visitId()));
        if (r.linesVersion() > 0) item.put(LINES_VERSION, n(r.linesVersion()));
        item.put("lines", AttributeValue.fromL(r.lines().stream().map(InventoryItems::line).toList()));
        if (r.lines().stream().anyMatch(l -> !l.draws().isEmpty())) item.put(SHARDED, bool(true));
        if (r.status() == Reservation.Status.HELD) item.putAll(Keys.heldReservationIndex(Instants.format(r.holdExpiresAt()), r.id()));
        return item;
    }

    static AttributeValue lineItem(ReservationLine l) { return line(l); }

    private static AttributeValue line(ReservationLine l) {
        Map<String, AttributeValue> m = new HashMap<>(Map.of("sku", s(l.sku()), "locationId", s(l.locationId()), QUANTITY, n(l.quantity())));
        if (!l.draws().isEmpty()) {
            m.put("draws", AttributeValue.fromL(l.draws().stream()
                    .map(d -> AttributeValue.fromM(Map.of("shard", n(d.shard()), QUANTITY, n(d.quantity())))).toList()));
        }
        return AttributeValue.fromM(m);
    }

    static Reservation toReservation(Map<String, AttributeValue> item) {
        var lines = item.get("lines").l().stream().map(AttributeValue::m)
                .map(m -> new ReservationLine(str(m, "sku"), str(m, "locationId"), (int) num(m, QUANTITY),
                        m.containsKey("draws") ? m.get("draws").l().stream().map(AttributeValue::m)
                                .map(d -> new ReservationLine.Draw((int) num(d, "shard"), (int) num(d, QUANTITY))).toList() : List.of())).toList();
        return new Reservation(str(item, "id"), Reservation.Status.valueOf(str(item, STATUS)), lines,
                Instants.parse(str(item, HOLD_EXPIRES_AT)), Instants.parse(str(item, "createdAt")), str(item, "owner"), str(item, "orderId"), str(item, "visitId"),
                item.containsKey(LINES_VERSION) ? (int) num(item, LINES_VERSION) : 0);
    }
}
