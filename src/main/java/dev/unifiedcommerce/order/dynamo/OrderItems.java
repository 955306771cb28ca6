package dev.unifiedcommerce.order.dynamo;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.customer.dynamo.DynamoCustomerStore;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.time.Instants;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Item mapping of orders and their timeline entries. */
public final class OrderItems {
    private OrderItems() {}

    static Map<String, AttributeValue> toItem(Order o) {
        Map<String, AttributeValue> item = Keys.order(o.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.ORDER.name()));
        item.put("id", s(o.id()));
        item.put("channel", s(o.channel().name()));
        item.put("status", s(o.status().name()));
        // an order made paid (a subscription's delivery) was paid when it was made; others get paidAt from their payment
        if (o.status() == Order.Status.PAID) item.put("paidAt", s(o.createdAt().toString()));
        if (o.pointsEarned() != null) item.put(POINTS_EARNED, n(o.pointsEarned()));
        item.put("fulfilmentType", s(o.fulfilment().type().name()));
        item.put("fulfilmentLocationId", s(o.fulfilment().locationId()));
        item.put("fulfilmentStatus", s(o.fulfilment().status().name()));
        item.put("lines", AttributeValue.fromL(o.lines().stream().map(l -> {
            Map<String, AttributeValue> m = new HashMap<>(Map.of("sku", s(l.sku()), "name", s(l.name()), "quantity", n(l.quantity()),
                    "unitAmount", n(l.unitAmount()), "locationId", s(l.locationId())));
            if (l.discount() != 0) m.put("discount", n(l.discount()));
            if (l.points() != 0) m.put("points", n(l.points()));
            return AttributeValue.fromM(m);
        }).toList()));
        if (!o.discounts().isEmpty()) {
            item.put("discounts", AttributeValue.fromL(o.discounts().stream().map(d -> {
                Map<String, AttributeValue> m = new HashMap<>(Map.of("discountType", s(d.type().name()), "amount", n(d.amount()),
                        "perCustomer", bool(d.perCustomer()), "personal", bool(d.personal())));
                if (d.points() != 0) m.put("points", n(d.points()));
                if (d.code() != null) m.put("code", s(d.code()));
                return AttributeValue.fromM(m);
            }).toList()));
        }
        item.put("totalAmount", n(o.total().amount()));
        item.put("currency", s(o.total().currency()));
        item.put("refunded", n(o.refunded()));
        if (o.customerId() != null) {
            item.put("customerId", s(o.customerId()));
            item.putAll(Keys.customerOrderIndex(o.customerId(), Instants.format(o.createdAt())));
        }
        item.putAll(Keys.fulfilmentQueueIndex(o.fulfilment().locationId(), o.fulfilment().status().name(), Instants.format(o.createdAt())));
        if (o.reservationId() != null) item.put("reservationId", s(o.reservationId())); // a delivery is shipped with no hold
        item.put("payment", payment(o.payment()));
        if (!o.payment().intents().isEmpty()) item.put(PAYMENT_INTENTS, intents(o.payment().intents()));
        item.put("createdBy", s(o.createdBy()));
        if (o.visitId() != null) item.put("visitId", s(o.visitId()));
        if (o.subscriptionId() != null) item.put("subscriptionId", s(o.subscriptionId()));
        if (o.vouch() != null) {
            Map<String, AttributeValue> v = new HashMap<>(Map.of("by", s(o.vouch().by()), "how", s(o.vouch().how().name())));
            if (o.vouch().ref() != null) v.put("ref", s(o.vouch().ref()));
            item.put("vouch", AttributeValue.fromM(v));
        }
        if (o.shipTo() != null) item.put("shipTo", AttributeValue.fromM(DynamoCustomerStore.address(o.shipTo())));
        item.put("createdAt", s(Instants.format(o.createdAt())));
        return item;
    }

    static AttributeValue payment(Order.Payment p) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("method", s(p.method().name()));
        if (p.paymentIntentId() != null) m.put("paymentIntentId", s(p.paymentIntentId()));
        if (p.clientSecret() != null) m.put("clientSecret", s(p.clientSecret()));
        if (p.checkoutSessionId() != null) m.put("checkoutSessionId", s(p.checkoutSessionId()));
        if (p.url() != null) m.put("url", s(p.url()));
        if (p.expiresAt() != null) m.put("expiresAt", s(Instants.format(p.expiresAt())));
        if (p.readerId() != null) m.put("readerId", s(p.readerId()));
        return AttributeValue.fromM(m);
    }

    /** What the order's payment earned its customer, kept when it is paid (refunds take back a share of it). */
    static final String POINTS_EARNED = "pointsEarned";

    /** The order's PaymentIntents live beside the payment map, so each can be ADDed to the set without a read. */
    static final String PAYMENT_INTENTS = "paymentIntents";

    static AttributeValue intents(Collection<String> ids) {
        return AttributeValue.fromSs(List.copyOf(ids));
    }

    public static Order toOrder(Map<String, AttributeValue> i) {
        Map<String, AttributeValue> p = map(i, "payment");
        var lines = i.get("lines").l().stream().map(AttributeValue::m).map(m -> new Order.Line(str(m, "sku"), str(m, "name"),
                (int) num(m, "quantity"), num(m, "unitAmount"), str(m, "locationId"), m.containsKey("discount") ? num(m, "discount") : 0,
                m.containsKey("points") ? num(m, "points") : 0)).toList();
        var discounts = !i.containsKey("discounts") ? List.<Order.Discount>of() : i.get("discounts").l().stream().map(AttributeValue::m)
                .map(m -> new Order.Discount(Order.Discount.Type.valueOf(str(m, "discountType")), str(m, "code"),
                        m.containsKey("points") ? num(m, "points") : 0, num(m, "amount"), flag(m, "perCustomer"), flag(m, "personal")))
                .toList();
        return new Order(str(i, "id"), Order.Channel.valueOf(str(i, "channel")), Order.Status.valueOf(str(i, "status")),
                new Order.Fulfilment(Order.Fulfilment.Type.valueOf(str(i, "fulfilmentType")), str(i, "fulfilmentLocationId"),
                        Order.FulfilmentStatus.valueOf(str(i, "fulfilmentStatus"))),
                lines, discounts, new Money(num(i, "totalAmount"), str(i, "currency")), num(i, "refunded"), str(i, "customerId"),
                str(i, "reservationId"),
                new Order.Payment(Order.PaymentMethod.valueOf(str(p, "method")), str(p, "paymentIntentId"), str(p, "clientSecret"),
                        str(p, "checkoutSessionId"), str(p, "url"), Instants.parse(str(p, "expiresAt")), str(p, "readerId"),
                        i.containsKey(PAYMENT_INTENTS) ? new HashSet<>(i.get(PAYMENT_INTENTS).ss()) : null),
                str(i, "createdBy"), Instants.parse(str(i, "createdAt")), i.containsKey(POINTS_EARNED) ? num(i, POINTS_EARNED) : null, str(i, "visitId"),
                i.containsKey("shipTo") ? DynamoCustomerStore.toAddress(i.get("shipTo").m()) : null,
                str(i, "subscriptionId"), i.containsKey("vouch") ? vouch(i.get("vouch").m()) : null);
    }

    private static Vouch vouch(Map<String, AttributeValue> m) { return new Vouch(str(m, "by"), Vouch.How.valueOf(str(m, "how")), str(m, "ref")); }

    static Map<String, AttributeValue> toItem(String orderId, TimelineEntry e, String n) {
        Map<String, AttributeValue> item = Keys.orderEvent(orderId, Instants.format(e.at()), n).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.ORDER_EVENT.name()));
        item.put("at", s(Instants.format(e.at())));
        item.put("eventType", s(e.type().name()));
        if (e.channel() != null) item.put("channel", s(e.channel()));
        if (e.detail() != null) item.put("detail", s(e.detail()));
        return item;
    }

    static TimelineEntry toEntry(Map<String, AttributeValue> i) {
        return new TimelineEntry(Instants.parse(str(i, "at")), TimelineEntry.Type.valueOf(str(i, "eventType")), str(i, "channel"), str(i, "detail"));
    }
}
