package dev.unifiedcommerce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.inventory.Reservation;
import dev.unifiedcommerce.inventory.ReservationLine;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.payment.Refunds;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Key;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.support.DynamoDbLocal;
import dev.unifiedcommerce.support.Events;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;

/**
 * scripts/bench: holds/s and latency at 1, 8, 32 and 128 concurrent clients (many SKUs and one hot SKU) over several
 * application instances on one DynamoDB Local, the same hold as raw SDK calls (the floor on this table), checkout and
 * webhook latency with the Stripe stand-in, DynamoDB requests and write units per operation, and an invariant check.
 * Writes target/bench/report.md and report.json. Argument: seconds per measured level (default 3).
 */
public final class Bench {
    static final int INSTANCES = 4;
    static final int[] CLIENTS = {1, 8, 32, 128};
    static final int MANY = 500;
    static final long STOCK = 1_000_000_000L;
    static final String STORE = "bench-store";

    /** Counts DynamoDB requests by operation. */
    static final class Counter implements ExecutionInterceptor {
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        @Override public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
            calls.computeIfAbsent(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
        }
        Map<String, Long> snapshot() {
            Map<String, Long> m = new TreeMap<>();
            calls.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
        void reset() { calls.clear(); }
    }

    record Result(String name, int clients, long ops, double seconds, double p50, double p99) {
        double perSecond() { return ops / seconds; }
    }

    final List<Result> results = new ArrayList<>();
    final Map<String, Map<String, Long>> requestsPerOp = new TreeMap<>();
    final Map<String, Double> writeUnitsPerOp = new TreeMap<>();
    final Map<String, LongAdder> heldUnits = new ConcurrentHashMap<>();
    final List<String> invariantFailures = new ArrayList<>();
    final Counter counter = new Counter();
    BenchStack[] stacks;
    DynamoDbClient raw;
    String table;
    double seconds;

    public static void main(String[] args) throws Exception {
        new Bench().run(args.length > 0 ? Double.parseDouble(args[0]) : 3);
        System.exit(0);
    }

    void progress(String line) { System.out.printf("[bench %s] %s%n", Instant.now().toString().substring(11, 19), line); }

    void run(double secondsPerLevel) throws Exception {
        this.seconds = secondsPerLevel;
        long started = System.nanoTime();
        String endpoint = DynamoDbLocal.start(0);
        StripeStandIn stripe = new StripeStandIn(0);
        table = "commerce-bench-" + System.currentTimeMillis();
        stacks = new BenchStack[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) stacks[i] = new BenchStack(table, endpoint, stripe.apiBase(), Events.SECRET, counter);
        raw = DynamoDbLocal.client();
        progress("DynamoDB Local " + endpoint + ", table " + table + ", " + INSTANCES + " application instances, "
                + Runtime.getRuntime().availableProcessors() + " cores");
        seed();

        // both sides warmed up before anything is recorded, so neither pays the JIT for the other
        measure("warm-up hold", 8, i -> hold("many SKUs", i));
        measure("warm-up raw SDK hold", 8, i -> rawHold("many SKUs"));
        for (String shape : List.of("many SKUs", "hot SKU")) {
            for (int clients : CLIENTS) {
                results.addAll(measurePair("hold, " + shape, clients, i -> hold(shape, i), i -> rawHold(shape)));
            }
        }
        checkoutAndWebhook(stripe);
        countRequests(stripe);
        checkInvariants();
        shards(endpoint, stripe);
        report(started);
        stripe.close();
    }

    void seed() {
        var base = stacks[0].base;
        base.catalog.save(new Product("HOT", "Hot item", new Money(1000, "usd"), true));
        base.catalog.save(new Location(STORE, "Bench store", Location.Type.STORE, true,
                new Location.Address("1 Main St", "Springfield", "12345", "US"), null, null));
        base.inventory.setOnHand("HOT", STORE, STOCK);
        rawStock("RAW-HOT");
        for (int i = 0; i < MANY; i++) {
            base.catalog.save(new Product("SKU-" + i, "Item " + i, new Money(1000, "usd"), true));
            base.inventory.setOnHand("SKU-" + i, STORE, STOCK);
            rawStock("RAW-" + i);
        }
        progress("seeded 1 hot SKU and " + MANY + " SKUs, " + STOCK + " units each, and the same for the raw SDK runs");
    }

    void rawStock(String sku) {
        Map<String, AttributeValue> item = Keys.stockLevel(sku, STORE).asMap();
        item.put("type", Items.s("STOCK_LEVEL"));
        item.put("sku", Items.s(sku));
        item.put("locationId", Items.s(STORE));
        item.putAll(Keys.stockLevelIndex(sku, STORE));
        item.put("onHand", Items.n(STOCK));
        item.put("reserved", Items.n(0));
        item.put("available", Items.n(STOCK));
        item.put("forSale", AttributeValue.fromBool(true));
        raw.putItem(b -> b.tableName(table).item(item));
    }

    void hold(String shape, int client) {
        String sku = shape.startsWith("hot") ? "HOT" : "SKU-" + ThreadLocalRandom.current().nextInt(MANY);
        stacks[client % INSTANCES].base.inventory.hold("bench", List.of(new ReservationLine(sku, STORE, 1)), Duration.ofHours(1), r -> Writes.none());
        heldUnits.computeIfAbsent(sku, k -> new LongAdder()).increment();
    }

    /**
     * The same transaction as a hold, as bare SDK calls: the same three items with the same attributes and index keys, the
     * same condition and a ClientRequestToken. What the table costs without any of our layers.
     */
    void rawHold(String shape) {
        String sku = shape.startsWith("hot") ? "RAW-HOT" : "RAW-" + ThreadLocalRandom.current().nextInt(MANY);
        String id = "res_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String now = Instant.now().toString(), until = Instant.now().plusSeconds(3600).toString();
        Map<String, AttributeValue> holdLine = new HashMap<>(Map.of("PK", Items.s("PRODUCT#" + sku), "SK", Items.s("HOLD#" + STORE + "#" + id),
                "type", Items.s("HOLD_LINE"), "reservationId", Items.s(id), "sku", Items.s(sku), "locationId", Items.s(STORE),
                "quantity", Items.n(1), "holdExpiresAt", Items.s(until)));
        Map<String, AttributeValue> reservation = new HashMap<>(Map.of("PK", Items.s("RESERVATION#" + id), "SK", Items.s("RESERVATION"),
                "type", Items.s("RESERVATION"), "id", Items.s(id), "status", Items.s("HELD"), "holdExpiresAt", Items.s(until),
                "createdAt", Items.s(now), "owner", Items.s("bench"),
                "lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", Items.s(sku), "locationId", Items.s(STORE), "quantity", Items.n(1)))))));
        reservation.putAll(Keys.heldReservationIndex(until, id));
        raw.transactWriteItems(b -> b.clientRequestToken(UUID.randomUUID().toString()).transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(table).key(Keys.stockLevel(sku, STORE).asMap())
                        .updateExpression("SET available = available - :q, reserved = reserved + :q").conditionExpression("available >= :q AND forSale = :yes")
                        .expressionAttributeValues(Map.of(":q", Items.n(1), ":yes", AttributeValue.fromBool(true)))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(holdLine)).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(reservation).conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", "PK"))).build()));
    }

    /** One timed run of {@code op} from {@code clients} threads: every latency and the time it took. */
    record Slice(long[] latencies, double seconds) {}

    Slice slice(int clients, double sliceSeconds, IntConsumer op) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] perThread = new long[clients][];
        CountDownLatch done = new CountDownLatch(clients);
        long begin = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread.ofPlatform().start(() -> {
                long[] lat = new long[1 << 12];
                int n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    op.accept(client);
                    long dt = System.nanoTime() - t0;
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = dt;
                }
                perThread[client] = Arrays.copyOf(lat, n);
                done.countDown();
            });
        }
        Thread.sleep((long) (sliceSeconds * 1000));
        stop.set(true);
        done.await();
        return new Slice(Arrays.stream(perThread).flatMapToLong(Arrays::stream).toArray(), (System.nanoTime() - begin) / 1e9);
    }

    Result result(String name, int clients, List<Slice> slices) {
        long[] all = slices.stream().flatMapToLong(x -> Arrays.stream(x.latencies())).sorted().toArray();
        Result r = new Result(name, clients, all.length, slices.stream().mapToDouble(Slice::seconds).sum(), pct(all, 0.50), pct(all, 0.99));
        progress(String.format("%-26s %3d clients: %7.0f ops/s  p50 %6.2f ms  p99 %7.2f ms", name, clients, r.perSecond(), r.p50(), r.p99()));
        return r;
    }

    Result measure(String name, int clients, IntConsumer op) throws InterruptedException {
        return result(name, clients, List.of(slice(clients, seconds, op)));
    }

    /**
     * Ours and the raw floor in alternating slices (four of each, a quarter of the level's time each): drift on a shared
     * 2-core machine (the JIT, the database's own warm-up, other processes) lands on both sides alike.
     */
    List<Result> measurePair(String name, int clients, IntConsumer ours, IntConsumer raw) throws InterruptedException {
        List<Slice> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            a.add(slice(clients, seconds / 4, ours));
            b.add(slice(clients, seconds / 4, raw));
        }
        return List.of(result(name, clients, a), result("raw SDK " + name, clients, b));
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    Checkout.Request cardRequest(String sku) {
        return new Checkout.Request(Order.Channel.WEB, null, List.of(new Checkout.RequestedLine(sku, 1)), null,
                Order.Fulfilment.Type.PICKUP, STORE, Order.PaymentMethod.CARD, null, null, null);
    }

    void checkoutAndWebhook(StripeStandIn stripe) {
        int n = (int) Math.max(50, seconds * 30);
        long[] checkoutLat = new long[n], webhookLat = new long[n];
        for (int i = 0; i < n; i++) {
            String sku = "SKU-" + (i % MANY);
            long t0 = System.nanoTime();
            var placement = stacks[0].checkout.place("bench", cardRequest(sku), id -> Writes.none());
            Order o = placement.order();
            var placed = stacks[0].checkout.startPayment(placement, null, null);
            checkoutLat[i] = System.nanoTime() - t0;
            heldUnits.computeIfAbsent(sku, k -> new LongAdder()).increment();
            String pi = placed.order().payment().paymentIntentId();
            stripe.succeed(pi);
            String payload = Events.paymentIntentSucceeded(pi, o.id(), 1000).toString();
            String header = Events.header(payload, Events.SECRET, Instant.now().getEpochSecond());
            long t1 = System.nanoTime();
            stacks[1].events.handle(stacks[1].signed.verify(payload.getBytes(StandardCharsets.UTF_8), header));
            webhookLat[i] = System.nanoTime() - t1;
            committed.computeIfAbsent(sku, k -> new LongAdder()).increment();
        }
        Arrays.sort(checkoutLat);
        Arrays.sort(webhookLat);
        results.add(new Result("checkout (CARD, end to end)", 1, n, Arrays.stream(checkoutLat).sum() / 1e9, pct(checkoutLat, .5), pct(checkoutLat, .99)));
        results.add(new Result("webhook (payment applied)", 1, n, Arrays.stream(webhookLat).sum() / 1e9, pct(webhookLat, .5), pct(webhookLat, .99)));
        progress(String.format("checkout p50 %.2f ms p99 %.2f ms; webhook p50 %.2f ms p99 %.2f ms (%d each)",
                pct(checkoutLat, .5), pct(checkoutLat, .99), pct(webhookLat, .5), pct(webhookLat, .99), n));
    }

    final Map<String, LongAdder> committed = new ConcurrentHashMap<>();
    final Map<String, LongAdder> restocked = new ConcurrentHashMap<>();

    /** A web checkout as POST /checkouts makes it: a returning shopper, an Idempotency-Key whose record joins the order's transaction. */
    Order checkoutWithKey(BenchStack s, String sku, String key) {
        var request = new Checkout.Request(Order.Channel.WEB, new Contact("+819012345678", "bench@example.com", null),
                List.of(new Checkout.RequestedLine(sku, 1)), null, Order.Fulfilment.Type.PICKUP, STORE, Order.PaymentMethod.CARD, null, null, null);
        var answer = s.idempotency.executeInOneTransaction("bench", "POST /checkouts", key, Map.of("sku", sku, "key", key), 201, completion -> {
            var placement = s.checkout.place("bench", request, orderId -> completion.record(201, Map.of("orderId", orderId)));
            return s.checkout.startPayment(placement, null, null);
        }, null);
        heldUnits.computeIfAbsent(sku, k -> new LongAdder()).increment();
        return ((Checkout.Placed) answer.getEntity()).order();
    }

    /** DynamoDB requests of each operation on the path users take, keyed as docs/performance.md's table. */
    void countRequests(StripeStandIn stripe) {
        var s = stacks[0];
        counter.reset();
        Reservation r = s.base.inventory.hold("bench", List.of(new ReservationLine("SKU-0", STORE, 1)), Duration.ofHours(1), x -> Writes.none());
        heldUnits.computeIfAbsent("SKU-0", k -> new LongAdder()).increment();
        requestsPerOp.put("hold", counter.snapshot());
        writeUnitsPerOp.put("hold", 2 * (units(Keys.stockLevel("SKU-0", STORE)) + units(Keys.holdLine("SKU-0", STORE, r.id())) + units(Keys.reservation(r.id()))));

        checkoutWithKey(s, "SKU-2", "bench-first-" + System.nanoTime()); // the shopper's first order makes them a customer
        int stripeBefore = stripe.requests().size();
        counter.reset();
        Order o = checkoutWithKey(s, "SKU-1", "bench-" + System.nanoTime());
        requestsPerOp.put("checkout", counter.snapshot());
        int stripeCalls = stripe.requests().size() - stripeBefore;
        writeUnitsPerOp.put("checkout", 2 * (units(Keys.stockLevel("SKU-1", STORE)) + units(Keys.holdLine("SKU-1", STORE, o.reservationId()))
                + units(Keys.reservation(o.reservationId())) + units(Keys.order(o.id())) * 2 + 4 * 1 /* timeline x2, follow-up, key record */));

        String pi = o.payment().paymentIntentId();
        stripe.succeed(pi);
        String payload = Events.paymentIntentSucceeded(pi, o.id(), 1000).toString();
        counter.reset();
        s.events.handle(s.signed.verify(payload.getBytes(StandardCharsets.UTF_8), Events.header(payload, Events.SECRET, Instant.now().getEpochSecond())));
        requestsPerOp.put("paymentApplied", counter.snapshot());
        committed.computeIfAbsent("SKU-1", k -> new LongAdder()).increment();
        writeUnitsPerOp.put("paymentApplied", 2 * (units(Keys.order(o.id())) + units(Keys.stockLevel("SKU-1", STORE)) + units(Keys.reservation(o.reservationId()))
                + 1 /* hold line deleted */ + units(Keys.paymentApplied(pi)) + 1 /* event marker */ + 1 /* timeline */ + 1 /* loyalty */));

        counter.reset();
        s.refunds.refund(o.id(), new Refunds.Request(List.of(new Refunds.RequestedLine("SKU-1", 1)), null, STORE, null, null), "BENCH", id -> Writes.none());
        requestsPerOp.put("refund", counter.snapshot());
        restocked.computeIfAbsent("SKU-1", k -> new LongAdder()).increment(); // back on the shelf
        writeUnitsPerOp.put("refund", 2 * (units(Keys.order(o.id())) * 2 + 1 /* request */ + 1 /* marker */ + 1 /* follow-up */ + 3 /* timeline */
                + units(Keys.stockLevel("SKU-1", STORE)) + 1 /* loyalty */));
        progress("requests per operation: " + requestsPerOp + "; Stripe requests per checkout: " + stripeCalls);
        stripeRequestsPerCheckout = stripeCalls;
    }

    int stripeRequestsPerCheckout;

    /** Write units of one item as DynamoDB sizes it (names + values, 1 KB per unit). */
    double units(Key key) {
        var item = raw.getItem(b -> b.tableName(table).key(key.asMap()).consistentRead(true)).item();
        long size = 0;
        for (var e : item.entrySet()) size += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        return Math.max(1, Math.ceil(size / 1024.0));
    }

    static long size(AttributeValue v) {
        if (v.s() != null) return v.s().getBytes(StandardCharsets.UTF_8).length;
        if (v.n() != null) return (v.n().length() + 1) / 2 + 1;
        if (v.bool() != null) return 1;
        if (v.hasM()) return 3 + v.m().entrySet().stream().mapToLong(e -> e.getKey().length() + 1 + size(e.getValue())).sum();
        if (v.hasL()) return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
        return 1;
    }

    /**
     * DynamoDB Local has no per-item write limit (it serialises every write instead), so this emulates AWS's: an SDK
     * interceptor refuses, as throttling, a request that would write an item more than {@code perSecond} times in one
     * second (checked before counting, so a refused attempt costs nothing, as in AWS). Table retries it with backoff.
     */
    static final class ItemWriteLimit implements ExecutionInterceptor {
        final int perSecond;
        final Map<String, long[]> windows = new ConcurrentHashMap<>();

        ItemWriteLimit(int perSecond) { this.perSecond = perSecond; }

        static String id(Map<String, AttributeValue> item) { return item.get("PK").s() + "|" + item.get("SK").s(); }

        @Override
        public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
            List<String> written = new ArrayList<>();
            if (c.request() instanceof TransactWriteItemsRequest t) {
                for (TransactWriteItem i : t.transactItems()) {
                    if (i.update() != null) written.add(id(i.update().key()));
                    else if (i.put() != null) written.add(id(i.put().item()));
                    else if (i.delete() != null) written.add(id(i.delete().key()));
                }
            } else if (c.request() instanceof UpdateItemRequest u) {
                written.add(id(u.key()));
            } else if (c.request() instanceof PutItemRequest p) {
                written.add(id(p.item()));
            }
            if (written.isEmpty()) return;
            long second = System.currentTimeMillis() / 1000;
            synchronized (this) {
                for (String item : written) {
                    long[] w = windows.get(item);
                    if (w != null && w[0] == second && w[1] >= perSecond) {
                        throw ProvisionedThroughputExceededException.builder()
                                .message("item " + item + " is written more than " + perSecond + " times a second")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("ProvisionedThroughputExceededException").build()).statusCode(400).build();
                    }
                }
                for (String item : written) {
                    long[] w = windows.get(item);
                    if (w == null || w[0] != second) windows.put(item, new long[]{second, 1});
                    else w[1]++;
                }
                if (windows.size() > 200_000) windows.clear();
            }
        }
    }

    static final int ITEM_WRITES_PER_SECOND = 20;
    static final int[] SHARD_COUNTS = {1, 2, 4, 8, 16};
    static final long SHARD_STOCK = 1_000_000;
    record ShardResult(int shards, double opsPerSecond, long held, long refused, long oversold) {}
    final List<ShardResult> shardResults = new ArrayList<>();

    /** Holds/s on one hot SKU split over 1..16 shards, each item limited to ITEM_WRITES_PER_SECOND writes a second. */
    void shards(String endpoint, StripeStandIn stripe) throws InterruptedException {
        ItemWriteLimit limit = new ItemWriteLimit(ITEM_WRITES_PER_SECOND);
        BenchStack[] limited = new BenchStack[INSTANCES];
        for (int i = 0; i < INSTANCES; i++) limited[i] = new BenchStack(table, endpoint, stripe.apiBase(), Events.SECRET, limit);
        int clients = 32;
        for (int n : SHARD_COUNTS) {
            String sku = "SHARDED-" + n;
            var base = stacks[0].base;
            base.catalog.save(new Product(sku, "Hot item", new Money(1000, "usd"), true));
            base.inventory.setOnHand(sku, STORE, SHARD_STOCK);
            if (n > 1) base.inventory.setShards(sku, STORE, n);
            LongAdder held = new LongAdder(), refused = new LongAdder();
            Slice run = slice(clients, seconds, c -> {
                try {
                    limited[c % INSTANCES].base.inventory.hold("bench", List.of(new ReservationLine(sku, STORE, 1)), Duration.ofHours(1), r -> Writes.none());
                    held.increment();
                } catch (RuntimeException throttledOut) {
                    refused.increment(); // throttled on every retry (503 to the caller): not a hold
                }
            });
            StockLevel level = base.store.stockOf(sku).getFirst();
            long oversold = Math.max(0, level.reserved() - SHARD_STOCK);
            if (level.reserved() != held.sum()) invariantFailures.add(sku + ": " + level.reserved() + " reserved but " + held.sum() + " holds answered");
            if (level.available() < 0 || level.onHand() != level.available() + level.reserved()) invariantFailures.add(sku + ": " + level);
            ShardResult r = new ShardResult(n, held.sum() / run.seconds(), held.sum(), refused.sum(), oversold);
            shardResults.add(r);
            progress(String.format("hot SKU in %2d shard(s), %d writes/s per item: %6.0f holds/s, %d refused after retries, oversold %d",
                    n, ITEM_WRITES_PER_SECOND, r.opsPerSecond(), r.refused(), oversold));
        }
        for (BenchStack s : limited) s.close();
    }

    void checkInvariants() {
        var store = stacks[0].base.store;
        List<String> skus = new ArrayList<>(List.of("HOT"));
        for (int i = 0; i < MANY; i++) skus.add("SKU-" + i);
        long checked = 0;
        for (String sku : skus) {
            StockLevel s = store.stockOf(sku).getFirst();
            long held = heldUnits.getOrDefault(sku, new LongAdder()).sum();
            long sold = committed.getOrDefault(sku, new LongAdder()).sum();
            if (s.available() < 0) invariantFailures.add(sku + ": available " + s.available());
            if (s.onHand() != s.available() + s.reserved()) invariantFailures.add(sku + ": onHand != available + reserved " + s);
            long back = restocked.getOrDefault(sku, new LongAdder()).sum();
            if (s.onHand() != STOCK - sold + back) invariantFailures.add(sku + ": onHand " + s.onHand() + " but " + sold + " committed of " + STOCK + ", " + back + " returned");
            if (s.reserved() + sold != held) invariantFailures.add(sku + ": held " + s.reserved() + " + committed " + sold + " != " + held + " holds made");
            checked++;
        }
        progress("invariants on " + checked + " stock levels: " + (invariantFailures.isEmpty() ? "hold" : invariantFailures.size() + " FAILED"));
    }

    /** Ours over the raw SDK's, same shape and clients, same run; rounded to 2 places. */
    double ratio(String name, int clients, ToDoubleFunction<Result> of) {
        Result ours = results.stream().filter(x -> x.name().equals(name) && x.clients() == clients).findFirst().orElseThrow();
        Result raw = results.stream().filter(x -> x.name().equals("raw SDK " + name) && x.clients() == clients).findFirst().orElseThrow();
        return Math.round(of.applyAsDouble(ours) / of.applyAsDouble(raw) * 100) / 100.0;
    }

    void report(long started) throws Exception {
        Path dir = Path.of("target/bench");
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# Benchmark\n\n");
        md.append(String.format("%d cores, DynamoDB Local 3.1.0 in-process, %d application instances (own SDK clients), %.0f s per level, %s%n%n",
                Runtime.getRuntime().availableProcessors(), INSTANCES, seconds, Instant.now()));
        md.append("| operation | clients | ops/s | p50 ms | p99 ms | vs raw SDK (ops/s) |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Result r : results) {
            String ratio = "";
            if (r.name().startsWith("hold, ")) {
                Result rawR = results.stream().filter(x -> x.name().equals("raw SDK " + r.name()) && x.clients() == r.clients()).findFirst().orElse(null);
                if (rawR != null) ratio = String.format("%.2f", r.perSecond() / rawR.perSecond());
            }
            md.append(String.format("| %s | %d | %.0f | %.2f | %.2f | %s |%n", r.name(), r.clients(), r.perSecond(), r.p50(), r.p99(), ratio));
        }
        md.append("\n| operation | DynamoDB requests | write units (transactional, from item sizes) |\n| --- | --- | --- |\n");
        requestsPerOp.forEach((op, calls) -> md.append(String.format("| %s | %s | %s |%n", op, calls,
                writeUnitsPerOp.containsKey(op) ? String.format("%.0f", writeUnitsPerOp.get(op)) : "")));
        if (!shardResults.isEmpty()) {
            md.append(String.format("%n| hot SKU, each item limited to %d writes/s (emulated), 32 clients | holds/s | refused after retries | oversold |%n| --- | --- | --- | --- |%n",
                    ITEM_WRITES_PER_SECOND));
            for (ShardResult r : shardResults) md.append(String.format("| %d shard(s) | %.0f | %d | %d |%n", r.shards(), r.opsPerSecond(), r.refused(), r.oversold()));
        }
        md.append("\nInvariants: ").append(invariantFailures.isEmpty() ? "available >= 0, onHand = available + reserved, committed + held + available = stocked, on every stock level."
                : "FAILED: " + invariantFailures).append("\n");
        md.append(String.format("%nTotal run: %.0f s%n", (System.nanoTime() - started) / 1e9));
        Files.writeString(dir.resolve("report.md"), md.toString());
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode rs = root.putArray("results");
        for (Result r : results) rs.addObject().put("operation", r.name()).put("clients", r.clients()).put("opsPerSecond", r.perSecond())
                .put("p50ms", r.p50()).put("p99ms", r.p99());
        root.set("requestsPerOperation", json.valueToTree(requestsPerOp));
        root.put("stripeRequestsPerCheckout", stripeRequestsPerCheckout);
        root.set("writeUnitsPerOperation", json.valueToTree(writeUnitsPerOp));
        ObjectNode ratios = root.putObject("ratios");
        ratios.put("holdVsRaw1", ratio("hold, many SKUs", 1, Result::perSecond));
        ratios.put("holdVsRaw8", ratio("hold, many SKUs", 8, Result::perSecond));
        ratios.put("holdP50VsRaw1", ratio("hold, many SKUs", 1, Result::p50));
        ArrayNode shardsNode = root.putArray("shards");
        for (ShardResult r : shardResults) shardsNode.addObject().put("shards", r.shards()).put("opsPerSecond", r.opsPerSecond())
                .put("refused", r.refused()).put("oversold", r.oversold()).put("itemWritesPerSecond", ITEM_WRITES_PER_SECOND);
        if (shardResults.size() == SHARD_COUNTS.length) {
            ratios.put("shards16VsUnsharded", Math.round(shardResults.getLast().opsPerSecond() / shardResults.getFirst().opsPerSecond() * 10) / 10.0);
        }
        root.set("invariantFailures", json.valueToTree(invariantFailures));
        Files.writeString(dir.resolve("report.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        System.out.println();
        System.out.println(md);
        if (!invariantFailures.isEmpty()) System.exit(1);
    }
}
