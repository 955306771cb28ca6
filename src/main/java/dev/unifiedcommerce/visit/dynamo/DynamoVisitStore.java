package dev.unifiedcommerce.visit.dynamo;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.table.Cursor;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableWrite;
import dev.unifiedcommerce.platform.time.Instants;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.visit.Visit;
import dev.unifiedcommerce.visit.VisitSchedule;
import dev.unifiedcommerce.visit.VisitStore;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static dev.unifiedcommerce.platform.table.Items.*;

/** Schedules beside their location, a counter item per booked slot, and one item per visit (indexed by store day and customer). */
@ApplicationScoped
public class DynamoVisitStore implements VisitStore {
    static final String BOOKED = "booked", OPEN_VISITS = "openVisits";
    private final Table table;

    public DynamoVisitStore(Table table) { this.table = table; }

    @Override
    public void saveSchedule(VisitSchedule s) {
        Map<String, AttributeValue> item = Keys.visitSchedule(s.locationId()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.VISIT_SCHEDULE.name()));
        item.put("locationId", s(s.locationId()));
        item.put("slotMinutes", n(s.slotMinutes()));
        item.put("capacity", n(s.capacity()));
        item.put("openingHours", AttributeValue.fromL(s.openingHours().stream().map(h -> AttributeValue.fromM(Map.of("day", s(h.day().name()),
                "open", s(h.open().toString()), "close", s(h.close().toString())))).toList()));
        item.put("closed", AttributeValue.fromL(new TreeSet<>(s.closed()).stream().map(d -> s(d.toString())).toList()));
        item.put("holdGraceMinutes", n(s.holdGraceMinutes()));
        item.put("reminderHoursBefore", n(s.reminderHoursBefore()));
        item.put("leadMinutes", n(s.leadMinutes()));
        item.put("bookingHorizonDays", n(s.bookingHorizonDays()));
        table.withRetries("PutItem", () -> table.client().putItem(b -> b.tableName(table.name()).item(item)));
    }

    @Override
    public Optional<VisitSchedule> schedule(String locationId) {
        return table.get(Keys.visitSchedule(locationId)).map(i -> new VisitSchedule(str(i, "locationId"), (int) num(i, "slotMinutes"), (int) num(i, "capacity"),
                i.get("openingHours").l().stream().map(AttributeValue::m).map(m -> new VisitSchedule.OpeningHours(DayOfWeek.valueOf(str(m, "day")),
                        LocalTime.parse(str(m, "open")), LocalTime.parse(str(m, "close")))).toList(),
                Set.copyOf(i.get("closed").l().stream().map(v -> LocalDate.parse(v.s())).toList()),
                (int) num(i, "holdGraceMinutes"), (int) num(i, "reminderHoursBefore"), (int) num(i, "leadMinutes"), (int) num(i, "bookingHorizonDays")));
    }

    @Override
    public Map<Instant, Long> booked(String locationId, Instant from, Instant to) {
        Map<Instant, Long> out = new HashMap<>();
        for (var i : table.queryAll(() -> QueryRequest.builder().consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", Keys.PK, "#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":pk", s(Keys.visitSlot(locationId, "").pk()),
                        ":from", s(Keys.visitSlot(locationId, Instants.format(from)).sk()), ":to", s(Keys.visitSlot(locationId, Instants.format(to)).sk()))))) {
            Instant at = Instants.parse(str(i, Keys.SK).substring(Keys.VISIT_SLOT_PREFIX.length()));
            if (at.isBefore(to)) out.put(at, num(i, BOOKED));
        }
        return out;
    }

    private TransactWriteItem takeSlot(String locationId, Instant start, int capacity) {
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.visitSlot(locationId, Instants.format(start)).asMap())
                .updateExpression("ADD #b :one SET #t = :type").conditionExpression("attribute_not_exists(#b) OR #b < :cap")
                .expressionAttributeNames(Map.of("#b", BOOKED, "#t", Keys.TYPE))
                .expressionAttributeValues(Map.of(":one", n(1), ":cap", n(capacity), ":type", s(Keys.ItemType.VISIT_SLOT.name())))).build();
    }

    private TransactWriteItem freeSlot(String locationId, Instant start) {
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.visitSlot(locationId, Instants.format(start)).asMap())
                // unconditional: it moves with the visit's own (conditional) status change, so once
                .updateExpression("ADD #b :minus")
                .expressionAttributeNames(Map.of("#b", BOOKED)).expressionAttributeValues(Map.of(":minus", n(-1)))).build();
    }

    private static Rejected slotFull(Instant start) {
        return new Rejected(Rejected.Kind.CONFLICT, "slot-full", "Slot full", "the slot starting at " + start + " has no place left", "start", null, null);
    }

    @Override
    public Writes bookWrites(Visit v, int capacity) {
        var visit = TransactWriteItem.builder().put(p -> p.tableName(table.name()).item(toItem(v))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Keys.PK))).build();
        var customer = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.customer(v.customerId()).asMap())
                .updateExpression("ADD #o :one").conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#o) OR #o < :most)")
                .expressionAttributeNames(Map.of("#o", OPEN_VISITS, "#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":one", n(1), ":most", n(OPEN_VISITS_PER_CUSTOMER)))).build();
        return TableWrite.of(takeSlot(v.locationId(), v.start(), capacity), "visit-slot", () -> slotFull(v.start()))
                .and(TableWrite.of(customer, "customer-open-visits", () -> new Rejected(Rejected.Kind.UNUSABLE, "too-many-visits", "Too many open visits",
                        "a customer has at most " + OPEN_VISITS_PER_CUSTOMER + " open visits; cancel one first", "customer", null, null)))
                .and(shopperOpenVisits(v, 1))
                .and(TableWrite.of(visit, new VisitTag(v.id())));
    }

    /**
     * A channel's verified shopper's open visits, on their binding (SHOPPER#...): counted as the customer's are, so a
     * shopper bound again to a new phone does not start afresh.
     */
    private Writes shopperOpenVisits(Visit v, int by) {
        if (v.shopperRef() == null) return Writes.none();
        var update = TransactWriteItem.builder().update(u -> {
            u.tableName(table.name()).key(Keys.shopperLink(v.createdBy(), v.shopperRef()).asMap()).updateExpression("ADD #o :by")
                    .expressionAttributeNames(by > 0 ? Map.of("#o", OPEN_VISITS, "#pk", Keys.PK) : Map.of("#o", OPEN_VISITS));
            if (by > 0) {
                u.conditionExpression("attribute_exists(#pk) AND (attribute_not_exists(#o) OR #o < :most)")
                        .expressionAttributeValues(Map.of(":by", n(by), ":most", n(OPEN_VISITS_PER_CUSTOMER)));
            } else {
                u.expressionAttributeValues(Map.of(":by", n(by)));
            }
        }).build();
        return TableWrite.of(update, "shopper-open-visits", () -> new Rejected(Rejected.Kind.UNUSABLE, "too-many-visits", "Too many open visits",
                "a shopper has at most " + OPEN_VISITS_PER_CUSTOMER + " open visits; cancel one first", "customer", null, null));
    }

    @Override
    public Optional<Visit> visit(String id) { return table.get(Keys.visit(id)).map(DynamoVisitStore::toVisit); }

    private TransactWriteItem statusUpdate(Visit v, Set<Visit.Status> from, Visit.Status to) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(to.name())));
        List<String> allowed = new ArrayList<>();
        int i = 0;
        for (Visit.Status f : from) {
            values.put(":f" + i, s(f.name()));
            allowed.add(":f" + i++);
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.visit(v.id()).asMap())
                .updateExpression("SET #s = :to").conditionExpression("#s IN (" + String.join(", ", allowed) + ")")
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values)).build();
    }

    @Override
    public Writes endWrites(Visit v, Set<Visit.Status> from, Visit.Status to, boolean freeSlot) {
        var customer = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.customer(v.customerId()).asMap())
                .updateExpression("ADD #o :minus")
                .expressionAttributeNames(Map.of("#o", OPEN_VISITS)).expressionAttributeValues(Map.of(":minus", n(-1)))).build();
        Writes writes = TableWrite.of(statusUpdate(v, from, to), new VisitTag(v.id()), () -> new VisitChanged(v.id()))
                .and(TableWrite.of(customer, "customer-open-visits")).and(shopperOpenVisits(v, -1));
        return freeSlot ? writes.and(TableWrite.of(freeSlot(v.locationId(), v.start()), "visit-slot")) : writes;
    }

    @Override
    public Writes moveWrites(Visit v, Set<Visit.Status> from, Visit.Status to) {
        return TableWrite.of(statusUpdate(v, from, to), new VisitTag(v.id()), () -> new VisitChanged(v.id()));
    }

    @Override
    public Writes rescheduleWrites(Visit v, Visit moved, int capacity) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":start", s(Instants.format(moved.start())), ":end", s(Instants.format(moved.end())),
                ":hold", s(Instants.format(moved.holdUntil())), ":was", s(Instants.format(v.start())), ":booked", s(Visit.Status.BOOKED.name())));
        var store = Keys.storeVisitIndex(v.locationId(), Instants.format(moved.start()), v.id());
        var mine = Keys.customerVisitIndex(v.customerId(), Instants.format(moved.start()), v.id());
        values.put(":g2", store.get(Keys.GSI2SK));
        values.put(":g1", mine.get(Keys.GSI1SK));
        var visit = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.visit(v.id()).asMap())
                .updateExpression("SET #start = :start, #end = :end, holdUntil = :hold, #g2 = :g2, #g1 = :g1")
                .conditionExpression("#s = :booked AND #start = :was")
                .expressionAttributeNames(Map.of("#start", "start", "#end", "end", "#s", "status", "#g2", Keys.GSI2SK, "#g1", Keys.GSI1SK))
                .expressionAttributeValues(values)).build();
        return TableWrite.of(visit, new VisitTag(v.id()), () -> new VisitChanged(v.id()))
                .and(TableWrite.of(freeSlot(v.locationId(), v.start()), "visit-slot"))
                .and(TableWrite.of(takeSlot(v.locationId(), moved.start(), capacity), "visit-slot-new", () -> slotFull(moved.start())));
    }

    @Override
    public Writes saleWrites(Visit v, String orderId, String previousOrderId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":o", s(orderId), ":arrived", s(Visit.Status.ARRIVED.name()),
                ":booked", s(Visit.Status.BOOKED.name())));
        String condition = "#s IN (:booked, :arrived) AND ";
        if (previousOrderId == null) condition += "attribute_not_exists(orderId)";
        else {
            values.put(":prev", s(previousOrderId));
            condition += "orderId = :prev";
        }
        String cond = condition;
        var update = TransactWriteItem.builder().update(u -> u.tableName(table.name()).key(Keys.visit(v.id()).asMap())
                .updateExpression("SET orderId = :o, #s = :arrived").conditionExpression(cond)
                .expressionAttributeNames(Map.of("#s", "status")).expressionAttributeValues(values)).build();
        return TableWrite.of(update, new VisitTag(v.id()), () -> Rejected.conflict("visit-changed", "Visit changed",
                "visit '" + v.id() + "' changed (another sale started, or it ended); read it again"));
    }

    @Override
    public void noteReminder(String visitId, String how) {
        table.withRetries("UpdateItem", () -> table.client().updateItem(b -> b.tableName(table.name()).key(Keys.visit(visitId).asMap())
                .updateExpression("SET reminded = :how").expressionAttributeValues(Map.of(":how", s(how)))));
    }

    @Override
    public Page day(String locationId, Instant from, Instant to, int limit, String next) {
        var b = QueryRequest.builder().indexName(Keys.GSI2)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI2PK, "#sk", Keys.GSI2SK))
                .expressionAttributeValues(Map.of(":pk", s(Keys.storeVisits(locationId)), ":from", s(Instants.format(from)),
                        ":to", s(Instants.format(to.minusMillis(1)) + "#~")))
                .limit(limit);
        var start = Cursor.decode(next);
        if (start != null) b.exclusiveStartKey(start);
        QueryResponse page = table.query(b);
        return new Page(page.items().stream().map(DynamoVisitStore::toVisit).toList(),
                Cursor.next(page));
    }

    @Override
    public List<Visit> ofCustomer(String customerId, int limit) {
        var b = QueryRequest.builder().indexName(Keys.GSI1)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Keys.GSI1PK, "#sk", Keys.GSI1SK))
                .expressionAttributeValues(Map.of(":pk", s(Keys.customerPartition(customerId)), ":prefix", s(Keys.CUSTOMER_VISIT_PREFIX)))
                .scanIndexForward(false).limit(limit);
        return table.query(b).items().stream().map(DynamoVisitStore::toVisit).toList();
    }

    /** Names a visit's item in a transaction. */
    public record VisitTag(String visitId) {}

    static Map<String, AttributeValue> toItem(Visit v) {
        Map<String, AttributeValue> item = Keys.visit(v.id()).asMap();
        item.put(Keys.TYPE, s(Keys.ItemType.VISIT.name()));
        item.put("id", s(v.id()));
        item.put("locationId", s(v.locationId()));
        item.put("start", s(Instants.format(v.start())));
        item.put("end", s(Instants.format(v.end())));
        item.put("customerId", s(v.customerId()));
        if (v.customerName() != null) item.put("customerName", s(v.customerName()));
        if (v.customerPhone() != null) item.put("customerPhone", s(v.customerPhone()));
        item.put("items", AttributeValue.fromL(v.items().stream().map(i -> AttributeValue.fromM(Map.of("sku", s(i.sku()), "quantity", n(i.quantity())))).toList()));
        item.put("status", s(v.status().name()));
        item.put("reservationId", s(v.reservationId()));
        item.put("holdUntil", s(Instants.format(v.holdUntil())));
        if (v.remindTo() != null && v.remindTo().sms() != null) item.put("notifySms", s(v.remindTo().sms()));
        if (v.remindTo() != null && v.remindTo().chatWebhookUrl() != null) item.put("notifyChat", s(v.remindTo().chatWebhookUrl()));
        item.put("createdBy", s(v.createdBy()));
        item.put("createdAt", s(Instants.format(v.createdAt())));
        item.putAll(Keys.storeVisitIndex(v.locationId(), Instants.format(v.start()), v.id()));
        item.putAll(Keys.customerVisitIndex(v.customerId(), Instants.format(v.start()), v.id()));
        if (v.shopperRef() != null) item.put("shopperRef", s(v.shopperRef()));
        return item;
    }

    static Visit toVisit(Map<String, AttributeValue> i) {
        Map<String, Integer> items = new LinkedHashMap<>();
        i.get("items").l().stream().map(AttributeValue::m).forEach(m -> items.put(str(m, "sku"), (int) num(m, "quantity")));
        return new Visit(str(i, "id"), str(i, "locationId"), Instants.parse(str(i, "start")), Instants.parse(str(i, "end")), str(i, "customerId"),
                str(i, "customerName"), str(i, "customerPhone"), items.entrySet().stream().map(e -> new Visit.Item(e.getKey(), e.getValue())).toList(),
                Visit.Status.valueOf(str(i, "status")), str(i, "reservationId"), Instants.parse(str(i, "holdUntil")),
                i.containsKey("notifySms") || i.containsKey("notifyChat") ? new Visit.Reminder(str(i, "notifySms"), str(i, "notifyChat")) : null,
                str(i, "createdBy"), Instants.parse(str(i, "createdAt")), str(i, "reminded"), str(i, "orderId"), str(i, "shopperRef"));
    }
}
