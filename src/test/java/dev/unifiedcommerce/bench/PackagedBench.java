package dev.unifiedcommerce.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.support.Tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * scripts/bench-packaged: the path users take. Holds and checkouts sent as HTTP to the packaged function.zip (the runtime
 * interface client behind the Lambda HTTP event server, as scripts/local-up --packaged runs it), one client, against a
 * bare Quarkus lambda-http app whose one endpoint does one PutItem the same way: the per-request overhead as a ratio.
 * Merges its numbers (and scripts/bench-coldstart's, when present) into target/bench/report.json and report.md.
 * Arguments: APP_BASE BARE_BASE [seconds]
 */
public final class PackagedBench {
    static final String STORE = "bench-store";
    static final int SKUS = 100;

    record Measured(String name, int ops, double seconds, double p50, double p99) {
        double perSecond() { return ops / seconds; }
    }

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final String app, bare;
    final String admin = Tokens.bearer(Tokens.admin()), channel = Tokens.bearer(Tokens.channel());

    PackagedBench(String app, String bare) {
        this.app = app;
        this.bare = bare;
    }

    public static void main(String[] args) throws Exception {
        new PackagedBench(args[0], args[1]).run(args.length > 2 ? Double.parseDouble(args[2]) : 5);
        System.exit(0);
    }

    int send(String method, String url, String token, Object body, String idempotencyKey) {
        try {
            var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : json.writeValueAsString(body)));
            if (token != null) b.header("Authorization", token);
            if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        }
    }

    void expect(int wanted, int got, String what) {
        if (got != wanted) throw new IllegalStateException(what + " answered " + got + ", expected " + wanted);
    }

    void seed() {
        expect(200, send("PUT", app + "/locations/" + STORE, admin, Map.of("name", "Bench store", "type", "STORE", "pickup", true,
                "address", Map.of("line1", "1 Main St", "city", "Springfield", "postalCode", "12345", "country", "US")), null), "PUT location");
        for (int i = 0; i < SKUS; i++) {
            expect(200, send("PUT", app + "/products/PK-" + i, admin, Map.of("name", "Item " + i, "price", Map.of("amount", 1000, "currency", "usd"),
                    "active", true), null), "PUT product");
            expect(200, send("PUT", app + "/inventory/PK-" + i + "/" + STORE, admin, Map.of("onHand", 1_000_000_000L), null), "PUT stock");
        }
    }

    int hold() {
        String sku = "PK-" + ThreadLocalRandom.current().nextInt(SKUS);
        return send("POST", app + "/reservations", channel, Map.of("lines", java.util.List.of(Map.of("sku", sku, "locationId", STORE, "quantity", 1))), null);
    }

    /** A web checkout by a returning shopper with an Idempotency-Key, as RequestCountTest counts it. */
    int checkout() {
        String sku = "PK-" + ThreadLocalRandom.current().nextInt(SKUS);
        return send("POST", app + "/checkouts", channel, Map.of("channel", "WEB", "customer", Map.of("phone", "+81 90-1234-5678", "email", "bench@example.com"),
                "lines", java.util.List.of(Map.of("sku", sku, "quantity", 1)), "fulfilment", Map.of("type", "PICKUP", "locationId", STORE),
                "payment", Map.of("method", "CARD")), UUID.randomUUID().toString());
    }

    int barePut() { return send("POST", bare + "/raw", null, Map.of("sku", "PK-1", "quantity", 1), null); }

    Measured measure(String name, double seconds, int expected, IntSupplier op) {
        long[] lat = new long[1 << 16];
        int n = 0;
        long begin = System.nanoTime(), end = begin + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            expect(expected, op.getAsInt(), name);
            if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
            lat[n++] = System.nanoTime() - t0;
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        Measured m = new Measured(name, n, elapsed, Bench.pct(sorted, .5), Bench.pct(sorted, .99));
        System.out.printf("[bench-packaged] %-28s %6.0f ops/s  p50 %6.2f ms  p99 %7.2f ms%n", name, m.perSecond(), m.p50(), m.p99());
        return m;
    }

    void run(double seconds) throws Exception {
        seed();
        measure("warm-up hold", Math.max(1, seconds / 2), 201, this::hold);
        measure("warm-up checkout", Math.max(1, seconds / 2), 201, this::checkout);
        measure("warm-up bare PutItem", Math.max(1, seconds / 2), 200, this::barePut);
        Measured hold = measure("hold (packaged, HTTP)", seconds, 201, this::hold);
        Measured checkout = measure("checkout (packaged, HTTP)", seconds, 201, this::checkout);
        Measured put = measure("bare app, one PutItem", seconds, 200, this::barePut);

        Path dir = Path.of("target/bench");
        Files.createDirectories(dir);
        Path report = dir.resolve("report.json");
        ObjectNode root = Files.exists(report) ? (ObjectNode) json.readTree(report.toFile()) : json.createObjectNode();
        ObjectNode packaged = root.putObject("packaged");
        for (Measured m : new Measured[]{hold, checkout, put}) {
            packaged.putObject(m.name()).put("opsPerSecond", m.perSecond()).put("p50ms", m.p50()).put("p99ms", m.p99());
        }
        ObjectNode ratios = root.has("ratios") ? (ObjectNode) root.get("ratios") : root.putObject("ratios");
        ratios.put("packagedHoldP50VsBarePut", Math.round(hold.p50() / put.p50() * 100) / 100.0);
        ratios.put("packagedHoldOpsVsBarePut", Math.round(hold.perSecond() / put.perSecond() * 100) / 100.0);
        Path coldStart = dir.resolve("coldstart.json");
        if (Files.exists(coldStart)) {
            var cs = json.readTree(coldStart.toFile());
            ratios.put("coldStartVsBare", cs.get("coldStartVsBare").asDouble());
            root.set("coldStart", cs);
        }
        Files.writeString(report, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        String md = String.format("%n## Through the packaged function.zip (RIC behind the Lambda HTTP event server), 1 client%n%n"
                        + "| operation | ops/s | p50 ms | p99 ms |%n| --- | --- | --- | --- |%n"
                        + "| %s | %.0f | %.2f | %.2f |%n| %s | %.0f | %.2f | %.2f |%n| %s | %.0f | %.2f | %.2f |%n%n"
                        + "A hold over HTTP vs the bare app's one PutItem over HTTP: p50 %.2fx, throughput %.2f.%n",
                hold.name(), hold.perSecond(), hold.p50(), hold.p99(), checkout.name(), checkout.perSecond(), checkout.p50(), checkout.p99(),
                put.name(), put.perSecond(), put.p50(), put.p99(), hold.p50() / put.p50(), hold.perSecond() / put.perSecond());
        Path mdPath = dir.resolve("report.md");
        Files.writeString(mdPath, (Files.exists(mdPath) ? Files.readString(mdPath) : "") + md);
        System.out.println(md);
    }
}
