package dev.unifiedcommerce.platform.table;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The key layout of every item type in the single table, in one place. Nothing else in the code base spells
 * {@code PK}, {@code SK} or a key prefix. SKUs and location ids cannot contain '#' (they match
 * [A-Za-z0-9._-]), so '#' is a safe separator and begins_with on "HOLD#{location}#" cannot match another location.
 */
public final class Keys {
    public static final String PK = "PK", SK = "SK", GSI1PK = "GSI1PK", GSI1SK = "GSI1SK", GSI2PK = "GSI2PK", GSI2SK = "GSI2SK";
    public static final String GSI1 = "GSI1", GSI2 = "GSI2";
    public static final String TYPE = "type", TTL = "ttl", VERSION = "version";

    /** Values of the {@code type} attribute every item carries. */
    public enum ItemType { PRODUCT, STOCK_LEVEL, STOCK_SHARD, HOLD_LINE, LOCATION, RESERVATION, IDEMPOTENCY, ORDER, ORDER_EVENT, CUSTOMER, CUSTOMER_LOOKUP,
        LOYALTY_ENTRY, PROMOTION, PROMOTION_USE, PAYMENT_APPLIED, REFUND_APPLIED, STRIPE_EVENT, ORDER_REFUND, READER, PAYMENT_ISSUE, FOLLOW_UP, CHECKPOINT, RATE_LIMIT,
        VISIT_SCHEDULE, VISIT_SLOT, VISIT, CUSTOMER_ADDRESS, SUBSCRIPTION, SUBSCRIPTION_INVOICE, STRIPE_PRICE, BACKORDERS, SALE_SUBSCRIPTION, SALES_LINE, REPORTED, SKU_SOLD,
        VERIFICATION, SHOPPER_LINK, CUSTOMER_BINDING }

    private Keys() {}

    public static Key product(String sku) { return new Key("PRODUCT#" + sku, "PRODUCT"); }
    public static Key stockLevel(String sku, String locationId) { return new Key("PRODUCT#" + sku, "STOCK#" + locationId); }
    /** Prefix of the stock levels within a product's partition. */
    public static final String STOCK_PREFIX = "STOCK#";
    public static Key holdLine(String sku, String locationId, String reservationId) {
        return new Key("PRODUCT#" + sku, "HOLD#" + locationId + "#" + reservationId);
    }
    /**
     * Shard {@code k} of a stock level split for a hot SKU: shard 0 is the level's own item; the others have partitions of
     * their own (PRODUCT#{sku}#SHARD#{k}), so DynamoDB spreads their writes from the first second.
     */
    public static Key stockShard(String sku, String locationId, int shard) {
        return shard == 0 ? stockLevel(sku, locationId) : new Key(shardPartition(sku, shard), "STOCK#" + locationId);
    }
    /** A hold line kept in the partition of the shard it drew from first (a hot SKU's holds stay off one partition). */
    public static Key holdLine(String sku, String locationId, String reservationId, int shard) {
        return shard == 0 ? holdLine(sku, locationId, reservationId) : new Key(shardPartition(sku, shard), "HOLD#" + locationId + "#" + reservationId);
    }
    public static String shardPartition(String sku, int shard) { return shard == 0 ? productPartition(sku) : "PRODUCT#" + sku + "#SHARD#" + shard; }
    /** Sharded stock levels, for the Sweeper's rebalancing: GSI2 = SHARDED / {sku}#{locationId}, on the level's own item. */
    public static Map<String, AttributeValue> shardedIndex(String sku, String locationId) {
        return Map.of(GSI2PK, s(SHARDED), GSI2SK, s(sku + "#" + locationId));
    }
    public static final String SHARDED = "SHARDED";

    /** Prefix of the hold lines of one SKU at one location (within the product's partition). */
    public static String holdLinePrefix(String locationId) { return "HOLD#" + locationId + "#"; }
    public static String productPartition(String sku) { return "PRODUCT#" + sku; }

    public static Key location(String id) { return new Key("LOCATION#" + id, "LOCATION"); }
    public static Key reservation(String id) { return new Key("RESERVATION#" + id, "RESERVATION"); }
    public static Key order(String id) { return new Key("ORDER#" + id, "ORDER"); }
    /** Timeline entries sort by time within the order's partition; {@code n} keeps two entries of one millisecond apart. */
    public static Key orderEvent(String orderId, String at, String n) { return new Key("ORDER#" + orderId, "EVENT#" + at + "#" + n); }
    public static String orderPartition(String orderId) { return "ORDER#" + orderId; }
    /** A refund asked of an order, in the order's partition. */
    public static Key orderRefund(String orderId, String refundId) { return new Key("ORDER#" + orderId, "REFUND#" + refundId); }
    public static final String ORDER_REFUND_PREFIX = "REFUND#";
    public static final String ORDER_EVENT_PREFIX = "EVENT#";
    public static Key customer(String id) { return new Key("CUSTOMER#" + id, "CUSTOMER"); }
    /** Unique lookups pointing at a customer: PHONE#{e164}, EMAIL#{lower-case}. */
    public static Key phoneLookup(String e164) { return new Key("PHONE#" + e164, "CUSTOMER"); }
    public static Key cardLookup(String fingerprint) { return new Key("CARD#" + fingerprint, "CUSTOMER"); }
    public static Key emailLookup(String email) { return new Key("EMAIL#" + email.toLowerCase(Locale.ROOT), "CUSTOMER"); }

    /** A code sent to a phone or e-mail to prove the shopper holds it (kept as a keyed hash): VERIFICATION#{id} / VERIFICATION. */
    public static Key verification(String id) { return new Key("VERIFICATION#" + id, "VERIFICATION"); }
    /** A channel's shopper (its own account id) bound to a customer after a verified contact: SHOPPER#{caller}#{shopperRef} / SHOPPER. */
    public static Key shopperLink(String caller, String shopperRef) { return new Key("SHOPPER#" + caller + "#" + shopperRef, "SHOPPER"); }
    /**
     * That a channel's shopper is bound to this customer (what lets the channel use the customer's id), one per shopper:
     * CUSTOMER#{id} / BOUND#{caller}#{shopperRef}; a shopper bound elsewhere takes theirs along.
     */
    public static Key customerBinding(String customerId, String caller, String shopperRef) {
        return new Key("CUSTOMER#" + customerId, customerBindingPrefix(caller) + shopperRef);
    }
    /** The sort-key prefix of one channel's bindings in a customer's partition. */
    public static String customerBindingPrefix(String caller) { return "BOUND#" + caller + "#"; }

    /** A promotion code (upper case): PROMOTION#{CODE} / PROMOTION. */
    public static Key promotion(String code) { return new Key("PROMOTION#" + code, "PROMOTION"); }
    /** A customer's personal codes: GSI1 = CUSTOMER#{id} / PROMOTION#{code}. */
    public static Map<String, AttributeValue> customerPromotionIndex(String customerId, String code) {
        return Map.of(GSI1PK, s(customerPartition(customerId)), GSI1SK, s(PROMOTION_PREFIX + code));
    }
    public static final String PROMOTION_PREFIX = "PROMOTION#";
    /** How often one customer used a code (codes limited per customer): PROMOTION#{CODE} / CUSTOMER#{id}. */
    public static Key promotionUse(String code, String customerId) { return new Key("PROMOTION#" + code, "CUSTOMER#" + customerId); }

    /** A subscription: SUBSCRIPTION#{id} / SUBSCRIPTION; GSI1 = CUSTOMER#{id} / SUBSCRIPTION#{createdAt}#{id}. */
    public static Key subscription(String id) { return new Key("SUBSCRIPTION#" + id, "SUBSCRIPTION"); }
    public static Map<String, AttributeValue> customerSubscriptionIndex(String customerId, String createdAt, String id) {
        return Map.of(GSI1PK, s(customerPartition(customerId)), GSI1SK, s(SUBSCRIPTION_PREFIX + createdAt + "#" + id));
    }
    public static final String SUBSCRIPTION_PREFIX = "SUBSCRIPTION#";
    /** Subscriptions by status, for staff (the PAST_DUE ones to call): GSI2 = SUBSCRIPTIONS#{status} / {createdAt}#{id}; moves with the status. */
    public static Map<String, AttributeValue> subscriptionStatusIndex(String status, String createdAt, String id) {
        return Map.of(GSI2PK, s(subscriptionsWithStatus(status)), GSI2SK, s(createdAt + "#" + id));
    }
    public static String subscriptionsWithStatus(String status) { return "SUBSCRIPTIONS#" + status; }
    /** How many deliveries wait for stock at a location: BACKORDERS / LOCATION#{id} (one small partition, read every FollowUps pass). */
    public static Key backorders(String locationId) { return new Key(BACKORDERS, "LOCATION#" + locationId); }
    public static final String BACKORDERS = "BACKORDERS";
    /** A sales report line: SALES#{currency}#{day} / {locationId}#{channel}#{paymentMethod} (counters added by the change stream). */
    public static Key salesLine(String currency, String day, String locationId, String channel, String method) {
        return new Key("SALES#" + currency + "#" + day, locationId + "#" + channel + "#" + method);
    }
    public static String salesDay(String currency, String day) { return "SALES#" + currency + "#" + day; }
    /** The currencies each store sold in, by day: SALES_CURRENCIES / {day}#{currency}#{locationId} (so a report knows when a range holds several). */
    public static Key salesCurrency(String day, String currency, String locationId) { return new Key(SALES_CURRENCIES, day + "#" + currency + "#" + locationId); }
    public static final String SALES_CURRENCIES = "SALES_CURRENCIES";
    /** Units of a SKU sold from a location on a day (its zone): SOLD#{day} / {locationId}#{sku} (days of cover). */
    public static Key skuSold(String day, String locationId, String sku) { return new Key(soldDay(day), locationId + "#" + sku); }
    public static String soldDay(String day) { return "SOLD#" + day; }
    /** A transition counted in the report (kept a week: longer than the stream keeps records): REPORTED#{marker} / REPORTED. */
    public static Key reported(String marker) { return new Key("REPORTED#" + marker, "REPORTED"); }
    /** A subscription a till sale's card is to start, until that sale is settled: SALE_SUBSCRIPTIONS / {subscriptionId}. */
    public static Key saleSubscription(String subscriptionId) { return new Key(SALE_SUBSCRIPTIONS, subscriptionId); }
    public static final String SALE_SUBSCRIPTIONS = "SALE_SUBSCRIPTIONS";
    /** A paid invoice of a subscription, delivered once: SUBSCRIPTION#{id} / INVOICE#{invoiceId} (its orderId). */
    public static Key subscriptionInvoice(String subscriptionId, String invoiceId) { return new Key("SUBSCRIPTION#" + subscriptionId, "INVOICE#" + invoiceId); }
    /** The Stripe Price made for a product at an interval, currency and amount (Prices never change): beside the product. */
    public static Key stripePrice(String sku, String interval, String currency, long amount) {
        return new Key("PRODUCT#" + sku, "STRIPE_PRICE#" + interval + "#" + currency + "#" + amount);
    }

    /** An address a customer shipped to, in the customer's partition: CUSTOMER#{id} / ADDRESS#{fingerprint}. */
    public static Key customerAddress(String customerId, String fingerprint) { return new Key("CUSTOMER#" + customerId, ADDRESS_PREFIX + fingerprint); }
    public static final String ADDRESS_PREFIX = "ADDRESS#";

    /** An append-only loyalty ledger entry, in the customer's partition. */
    public static Key loyaltyEntry(String customerId, String at, String orderId) { return new Key("CUSTOMER#" + customerId, "LOYALTY#" + at + "#" + orderId); }
    public static final String LOYALTY_PREFIX = "LOYALTY#";
    /** Makes each money effect happen once, whichever event carried it. */
    public static Key paymentApplied(String paymentIntentId) { return new Key("PAYMENT#" + paymentIntentId, "APPLIED"); }
    public static Key refundApplied(String stripeRefundId) { return new Key("REFUND#" + stripeRefundId, "APPLIED"); }
    /** A Stripe event already processed (dedupe marker, ttl 30 days). */
    public static Key stripeEvent(String eventId) { return new Key("STRIPE_EVENT#" + eventId, "STRIPE_EVENT"); }

    /** Money that needs a person (a mismatched or foreign payment...), one item per issue. */
    public static Key paymentIssue(String id) { return new Key("PAYMENT_ISSUE#" + id, "PAYMENT_ISSUE"); }
    /**
     * A payment issue in two lists, newest last: its store's (GSI1 = PAYMENT_ISSUES#{status}#{locationId} / {since}#{id})
     * and everyone's (GSI2 = PAYMENT_ISSUES#{status} / {since}#{id}). Both move when the status does.
     */
    public static Map<String, AttributeValue> paymentIssueIndex(String status, String locationId, String since, String id) {
        return Map.of(GSI1PK, s(paymentIssuesAt(status, locationId)), GSI1SK, s(since + "#" + id),
                GSI2PK, s(paymentIssues(status)), GSI2SK, s(since + "#" + id));
    }
    public static String paymentIssuesAt(String status, String locationId) { return "PAYMENT_ISSUES#" + status + "#" + locationId; }
    public static String paymentIssues(String status) { return "PAYMENT_ISSUES#" + status; }

    /** Something owed to Stripe or a shopper (the durable outbox). */
    public static Key followUp(String id) { return new Key("FOLLOWUP#" + id, "FOLLOWUP"); }
    /** The outbox in due order: GSI2 = FOLLOWUPS / {dueAt}#{id}. */
    public static Map<String, AttributeValue> followUpIndex(String dueAt, String id) {
        return Map.of(GSI2PK, s(FOLLOW_UPS), GSI2SK, s(dueAt + "#" + id));
    }
    public static final String FOLLOW_UPS = "FOLLOWUPS";

    /** Uses of something in one fixed window (rate limits); {@code what} names the thing and who or where. */
    public static Key rateLimit(String what, long windowStartEpochSecond) { return new Key("RATE#" + what + "#" + windowStartEpochSecond, "RATE"); }

    /** How far the Reconciler has read Stripe's event log. */
    public static Key reconcileCheckpoint() { return new Key("RECONCILE", "CHECKPOINT"); }

    /** Where the chain of table exports to the bucket stands. */
    public static Key exportCheckpoint() { return new Key("EXPORT", "CHECKPOINT"); }

    public static Key reader(String id) { return new Key("READER#" + id, "READER"); }
    /** A store's card readers: GSI1 = LOCATION#{id} / READER#{id}. */
    public static Map<String, AttributeValue> readerIndex(String locationId, String readerId) {
        return Map.of(GSI1PK, s(locationPartition(locationId)), GSI1SK, s("READER#" + readerId));
    }
    public static final String READER_PREFIX = "READER#";

    public static Key idempotency(String caller, String route, String key) {
        return new Key("IDEMPOTENCY#" + caller + "#" + route + "#" + key, "IDEMPOTENCY");
    }

    // Secondary index keys. GSI1: "what belongs to this location / collection". GSI2: work queues.
    /** Stock levels of a location: GSI1 = LOCATION#{id} / STOCK#{sku}. */
    public static Map<String, AttributeValue> stockLevelIndex(String sku, String locationId) {
        return Map.of(GSI1PK, s(locationPartition(locationId)), GSI1SK, s("STOCK#" + sku));
    }
    public static String locationPartition(String locationId) { return "LOCATION#" + locationId; }
    /** All locations: GSI1 = LOCATIONS / LOCATION#{id} (a few hundred items at most). */
    public static Map<String, AttributeValue> locationIndex(String id) {
        return Map.of(GSI1PK, s(ALL_LOCATIONS), GSI1SK, s("LOCATION#" + id));
    }
    public static final String ALL_LOCATIONS = "LOCATIONS";
    /**
     * The Sweeper's queue: GSI2 = HELD#{bucket} / {holdExpiresAt}#{id}, present only while a reservation is HELD. Every
     * hold writes it (and every finish removes it), so it is spread over {@link #HELD_BUCKETS} index partitions by a hash
     * of the reservation id: one partition would cap every hold in the system at one index partition's write rate.
     */
    public static Map<String, AttributeValue> heldReservationIndex(String holdExpiresAt, String reservationId) {
        return Map.of(GSI2PK, s(heldReservations(Math.floorMod(reservationId.hashCode(), HELD_BUCKETS))), GSI2SK, s(holdExpiresAt + "#" + reservationId));
    }
    public static final int HELD_BUCKETS = 16;
    public static String heldReservations(int bucket) { return HELD_RESERVATIONS + "#" + bucket; }
    /** Without a bucket: the queue of reservations held before it was spread (read by the Sweeper until they are gone). */
    public static final String HELD_RESERVATIONS = "HELD";
    /** A customer's orders, newest last: GSI1 = CUSTOMER#{id} / ORDER#{createdAt}. */
    public static Map<String, AttributeValue> customerOrderIndex(String customerId, String createdAt) {
        return Map.of(GSI1PK, s(customerPartition(customerId)), GSI1SK, s(CUSTOMER_ORDER_PREFIX + createdAt));
    }
    public static String customerPartition(String customerId) { return "CUSTOMER#" + customerId; }
    /** A store's orders by fulfilment status (the pickup queue): GSI2 = LOCATION#{id}#{status} / {createdAt}. */
    public static Map<String, AttributeValue> fulfilmentQueueIndex(String locationId, String status, String createdAt) {
        return Map.of(GSI2PK, s(fulfilmentQueue(locationId, status)), GSI2SK, s(createdAt));
    }
    public static String fulfilmentQueue(String locationId, String status) { return "LOCATION#" + locationId + "#" + status; }

    /** A store's visit schedule (slots, capacity, opening hours), beside the location. */
    public static Key visitSchedule(String locationId) { return new Key("LOCATION#" + locationId, "VISIT_SCHEDULE"); }
    /** How many visits a slot of a store holds: LOCATION#{id} / SLOT#{start, UTC}. */
    public static Key visitSlot(String locationId, String start) { return new Key("LOCATION#" + locationId, VISIT_SLOT_PREFIX + start); }
    public static final String VISIT_SLOT_PREFIX = "SLOT#";
    public static Key visit(String id) { return new Key("VISIT#" + id, "VISIT"); }
    /** A store's visits by start (its day): GSI2 = LOCATION#{id}#VISITS / {start}#{visitId}. */
    public static Map<String, AttributeValue> storeVisitIndex(String locationId, String start, String visitId) {
        return Map.of(GSI2PK, s(storeVisits(locationId)), GSI2SK, s(start + "#" + visitId));
    }
    public static String storeVisits(String locationId) { return "LOCATION#" + locationId + "#VISITS"; }
    /** A customer's visits: GSI1 = CUSTOMER#{id} / VISIT#{start}#{visitId}. */
    public static Map<String, AttributeValue> customerVisitIndex(String customerId, String start, String visitId) {
        return Map.of(GSI1PK, s(customerPartition(customerId)), GSI1SK, s(CUSTOMER_VISIT_PREFIX + start + "#" + visitId));
    }
    public static final String CUSTOMER_VISIT_PREFIX = "VISIT#";

    /**
     * "GSI1PK = :GSI1PK, GSI1SK = :GSI1SK" for an index entry made by one of the methods above, for an update's SET
     * clause; the values go in as {@link #setValues}.
     */
    public static String setClause(Map<String, AttributeValue> indexEntry) {
        return String.join(", ", indexEntry.keySet().stream().sorted().map(k -> k + " = :" + k).toList());
    }

    public static Map<String, AttributeValue> setValues(Map<String, AttributeValue> indexEntry) {
        Map<String, AttributeValue> values = new HashMap<>();
        indexEntry.forEach((k, v) -> values.put(":" + k, v));
        return values;
    }

    /** "REMOVE GSI2PK, GSI2SK": a reservation leaves the Sweeper's queue when it stops being HELD. */
    public static final String REMOVE_HELD_INDEX = "REMOVE " + GSI2PK + ", " + GSI2SK;

    /** Sort-key prefix of a customer's orders in GSI1. */
    public static final String CUSTOMER_ORDER_PREFIX = "ORDER#";

    private static AttributeValue s(String v) { return AttributeValue.fromS(v); }
}
