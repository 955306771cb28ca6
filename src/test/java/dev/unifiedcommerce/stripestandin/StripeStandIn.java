package dev.unifiedcommerce.stripestandin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the part of Stripe's API this project uses, reached by stripe-java through setApiBase.
 * Objects are Stripe's published fixtures (fixtures3.json) with the fields a flow needs filled in; state a flow
 * depends on is kept (PaymentIntent status, session URL and expiry, refunds); Idempotency-Keys replay as Stripe
 * does (same key and parameters: the first answer; other parameters: 400 idempotency_error). Faults can be
 * scripted (status, delay) and every request is logged for the spec check.
 */
public final class StripeStandIn implements AutoCloseable {
    public record Request(String method, String path, Map<String, String> params, String idempotencyKey) {}

    private record Answer(int status, String body) {}

    /** Performed, and the connection closes before the answer is whole. */
    private static final Answer NO_ANSWER = new Answer(0, "");

    /**
     * The headers go out, then the connection closes mid-body. Closed before any header, HttpURLConnection (stripe-java's
     * client) would quietly send the POST again and, with its idempotency key, get the kept answer: nothing lost.
     */
    private static void cutOff(HttpExchange exchange) {
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1_000);
            exchange.getResponseBody().write('{');
            exchange.getResponseBody().flush();
            exchange.close(); // a body short of its length: the connection is dropped
        } catch (IOException expected) {
            // "insufficient bytes written": what the cut is
        }
    }

    private record StoredIdempotent(String method, String path, Map<String, String> params, Answer answer) {}

    private record Fault(Pattern path, int status, String type, String code, long delayMillis, int[] remaining) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final JsonNode fixtures;
    private final HttpServer server;
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, StoredIdempotent> idempotency = new ConcurrentHashMap<>();
    private final List<Request> log = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

    private volatile String webhookUrl;
    private volatile String webhookSecret;

    /** Where simulated payments send their signed events (the app's POST /webhooks/stripe) and the signing secret. */
    public void sendEventsTo(String url, String secret) {
        this.webhookUrl = url;
        this.webhookSecret = secret;
    }

    /**
     * Events Stripe sends about a change it answered for: queued while the request is answered, and posted by the same
     * thread once the answer has gone out, so the app has its answer first, as with Stripe, without a sleep.
     */
    private final ThreadLocal<List<Runnable>> afterAnswer = ThreadLocal.withInitial(ArrayList::new);
    /** Deliveries begun and not finished (see {@link #awaitDeliveries}). */
    private final AtomicInteger delivering = new AtomicInteger();

    private void afterAnswering(Runnable delivery) {
        delivering.incrementAndGet();
        afterAnswer.get().add(delivery);
    }

    private void deliverQueued() {
        List<Runnable> queued = List.copyOf(afterAnswer.get());
        afterAnswer.get().clear();
        for (Runnable r : queued) {
            try {
                r.run();
            } finally {
                delivering.decrementAndGet();
            }
        }
    }

    /** Waits until every event Stripe owes for an answered request has been posted (or given up on). */
    public void awaitDeliveries() {
        long until = System.currentTimeMillis() + 10_000;
        while (delivering.get() > 0 && System.currentTimeMillis() < until) sleep(5);
    }

    /** Where the newest stand-in publishes its {@link #reset} for the suite's extension (support/StandInReset). */
    public static final String RESET = "uc.test.stripe-stand-in.reset";

    /** Whether events go anywhere now. */
    public boolean sendsEvents() { return webhookUrl != null; }

    /** Between tests: no endpoint, no faults, and nothing still on its way to the app. */
    public void reset() {
        sendEventsTo(null, null);
        clearFaults();
        awaitDeliveries();
    }

    public StripeStandIn(int port) {
        try (InputStream in = StripeStandIn.class.getResourceAsStream("/stripe/fixtures3.json")) {
            fixtures = JSON.readTree(in).get("resources");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
        System.getProperties().put(RESET, (Runnable) this::reset);
    }

    public String apiBase() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    public List<Request> requests() { synchronized (log) { return List.copyOf(log); } }

    public void clearLog() { log.clear(); }

    public Optional<JsonNode> object(String id) { return Optional.ofNullable(objects.get(id)); }

    /**
     * The next {@code times} requests whose path (or "METHOD path") matches answer {@code status} with a Stripe error body.
     */
    public void failNext(String pathRegex, int times, int status, String type, String code) {
        faults.add(new Fault(Pattern.compile(pathRegex), status, type, code, 0, new int[]{times}));
    }

    /** The next {@code times} matching requests are held for {@code millis} before being answered normally. */
    public void delayNext(String pathRegex, int times, long millis) {
        faults.add(new Fault(Pattern.compile(pathRegex), 0, null, null, millis, new int[]{times}));
    }

    private final ConcurrentLinkedQueue<Fault> drops = new ConcurrentLinkedQueue<>();

    /** The next {@code times} matching requests never reach Stripe: the connection closes with no answer (a crash, a reset). */
    public void dropNext(String pathRegex, int times) {
        drops.add(new Fault(Pattern.compile(pathRegex), 0, null, null, 0, new int[]{times}));
    }

    private boolean drop(String path) {
        for (Fault f : drops) {
            if (!f.path().matcher(path).matches()) continue;
            synchronized (f) {
                if (f.remaining()[0] <= 0) continue;
                f.remaining()[0]--;
                return true;
            }
        }
        return false;
    }

    /**
     * How a request can be performed and still leave the caller without its answer: held past the caller's timeout,
     * answered 500, or the connection closed with no answer (what a caller sees when a network path drops; as
     * ambiguous as a timeout, and it costs no waiting).
     */
    public enum LostAnswer { TIMEOUT, SERVER_ERROR, RESET }

    private record AfterActing(Pattern path, LostAnswer how, long holdMillis, int[] remaining) {}

    private final ConcurrentLinkedQueue<AfterActing> afterActing = new ConcurrentLinkedQueue<>();

    /**
     * "Stripe did it but we never heard": the next {@code times} matching requests are performed (and their answer kept
     * for their idempotency key, as Stripe keeps it), then either held for {@code holdMillis} before answering (the
     * client times out first) or answered 500 (which Stripe then replays to that key).
     */
    public void actThenLoseAnswer(String pathRegex, int times, LostAnswer how, long holdMillis) {
        afterActing.add(new AfterActing(Pattern.compile(pathRegex), how, holdMillis, new int[]{times}));
    }

    /**
     * Each matching request, with {@code probability}, is performed and its answer lost: held for {@code holdMillis} (past
     * the caller's timeout), answered 500, or its connection closed, as {@code random} (the drill's seeded one) decides.
     */
    public void actThenLoseAnswerRandomly(String pathRegex, double probability, long holdMillis, Random random) {
        randomLoss = new RandomLoss(Pattern.compile(pathRegex), probability, holdMillis, random);
    }

    private record RandomLoss(Pattern path, double probability, long holdMillis, Random random) {}

    private volatile RandomLoss randomLoss;

    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();

    /** A rolled key: Stripe answers 401 to it from now on. */
    public void revoke(String key) { revoked.add(key); }

    /** Keys that reached the stand-in (tests of key rolls). */
    public Set<String> keysSeen() { return Set.copyOf(keysSeen); }

    public void clearFaults() {
        faults.clear();
        drops.clear();
        afterActing.clear();
        randomLoss = null;
    }

    private AfterActing lossFor(String method, String path) {
        if (!"POST".equals(method)) return null;
        for (AfterActing a : afterActing) {
            if (!a.path().matcher(path).matches()) continue;
            synchronized (a) {
                if (a.remaining()[0] <= 0) continue;
                a.remaining()[0]--;
            }
            return a;
        }
        RandomLoss r = randomLoss;
        if (r == null || !r.path().matcher(path).matches()) return null;
        synchronized (r) {
            if (r.random().nextDouble() >= r.probability()) return null;
            LostAnswer how = LostAnswer.values()[r.random().nextInt(LostAnswer.values().length)];
            return new AfterActing(r.path(), how, r.holdMillis(), new int[]{1});
        }
    }

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    @Override
    public void close() { server.stop(0); }

    // ---------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            respond(exchange);
        } finally {
            deliverQueued(); // the answer is out (the exchange closed): now the events it owes
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if ("GET".equals(method) && exchange.getRequestURI().getRawQuery() != null) raw = exchange.getRequestURI().getRawQuery();
            Map<String, String> params = form(raw);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            log.add(new Request(method, path, params, key));
            if (drop(path)) return; // nothing performed, nothing answered: the exchange closes with the connection
            Answer answer = "POST".equals(method) && path.equals("/_standin/simulate") ? simulate(raw) : answer(exchange, method, path, params, key);
            if (answer == NO_ANSWER) {
                cutOff(exchange);
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            if (!exchange.getResponseHeaders().containsKey("Content-Type")) exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Request-Id", "req_" + random(14));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Answer answer(HttpExchange exchange, String method, String path, Map<String, String> params, String key) {
        if ("GET".equals(method) && path.startsWith("/pay/")) {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            String id = path.substring(5).replaceAll("[^A-Za-z0-9_]", "");
            ObjectNode session = objects.get(id);
            String amounts = "";
            if (session != null) { // what Stripe's page shows: the list prices, the coupon, what is charged
                String currency = session.path("currency").asText();
                long discount = session.path("total_details").path("amount_discount").asLong();
                ObjectNode coupon = session.path("discounts").path(0).has("coupon") ? objects.get(session.path("discounts").path(0).path("coupon").asText()) : null;
                amounts = "<p>Subtotal " + session.path("amount_subtotal").asLong() + " " + currency + "</p>"
                        + (discount > 0 ? "<p>Discount (" + (coupon == null ? "coupon" : coupon.path("name").asText().replaceAll("[^A-Za-z0-9 ,-]", ""))
                        + ") -" + discount + " " + currency + "</p>" : "")
                        + "<p>Total due " + session.path("amount_total").asLong() + " " + currency + "</p>";
            }
            return new Answer(200, "<!doctype html><title>Pay</title><p>Local Stripe stand-in: this is where the shopper would pay "
                    + "Checkout Session " + id + ". Run scripts/simulate-payment ORDER_ID to pay it.</p>" + amounts);
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && revoked.contains(auth.substring("Bearer ".length()))) {
            return error(401, "invalid_request_error", "api_key_expired", "Expired API Key provided");
        }
        if (auth != null) keysSeen.add(auth.substring(Math.min(auth.length(), "Bearer ".length())));
        if (auth == null || !auth.startsWith("Bearer sk_test_")) {
            return error(401, "invalid_request_error", null, "Invalid API Key provided");
        }
        for (Fault f : faults) {
            // a fault names a path ("/v1/refunds") or a method and a path ("POST /v1/refunds")
            if (!f.path().matcher(path).matches() && !f.path().matcher(method + " " + path).matches()) continue;
            synchronized (f) {
                if (f.remaining()[0] <= 0) continue;
                f.remaining()[0]--;
            }
            if (f.delayMillis() > 0) sleep(f.delayMillis());
            if (f.status() > 0) return error(f.status(), f.type(), f.code(), "scripted fault");
        }
        AfterActing loss = lossFor(method, path);
        Answer lost;
        if (key != null && "POST".equals(method)) {
            // Stripe's idempotency: the first answer to a key is replayed, errors included; other parameters with a used
            // key are refused; a key whose first request is still running is 409.
            StoredIdempotent previous = idempotency.get(key);
            if (previous == null && !inFlight.add(key)) {
                return error(409, "idempotency_error", "idempotency_key_in_use", "There is currently another in-progress request using this Stripe-Idempotency-Key.");
            }
            try {
                if (previous == null) previous = idempotency.get(key); // finished while we looked
                if (previous != null) {
                    if (!previous.path().equals(path) || !previous.params().equals(params)) {
                        return error(400, "idempotency_error", null, "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '" + key + "' if you meant to execute a different request.");
                    }
                    exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
                    return previous.answer();
                }
                Answer a = route(method, path, params);
                if (loss != null && loss.how() == LostAnswer.SERVER_ERROR) a = error(500, "api_error", null, "An unknown error occurred (after acting)");
                idempotency.put(key, new StoredIdempotent(method, path, params, a));
                if (loss != null && loss.how() == LostAnswer.RESET) return NO_ANSWER;
                if (loss == null || loss.how() != LostAnswer.TIMEOUT) return a;
                lost = a;
            } finally {
                inFlight.remove(key);
            }
            sleep(loss.holdMillis()); // done and kept; only the answer is late
            return lost;
        }
        Answer a = route(method, path, params);
        if (loss != null && loss.how() == LostAnswer.SERVER_ERROR) return error(500, "api_error", null, "An unknown error occurred (after acting)");
        if (loss != null && loss.how() == LostAnswer.RESET) return NO_ANSWER;
        if (loss != null) sleep(loss.holdMillis());
        return a;
    }

    private static final Pattern ONE = Pattern.compile("/v1/(payment_intents|charges|checkout/sessions|refunds|terminal/locations|coupons|customers|prices|subscriptions|invoices)/([^/]+)");
    private static final Pattern ACTION = Pattern.compile("/v1/(payment_intents|checkout/sessions)/([^/]+)/(cancel|expire)");

    private static final Pattern READER = Pattern.compile("/v1/terminal/readers/([^/]+)(/(process_payment_intent|process_setup_intent|cancel_action))?");
    /** Stripe's test registration codes for simulated readers, and the device each one is. */
    private static final Map<String, String> SIMULATED = Map.of("simulated-wpe", "bbpos_wisepos_e", "simulated-s700", "stripe_s700",
            "simulated-s710", "stripe_s710");
    private final Map<String, String> usedCodes = new ConcurrentHashMap<>();

    private Answer terminal(String method, String path, Map<String, String> p) {
        if ("POST".equals(method) && path.equals("/v1/terminal/locations")) {
            if (!p.containsKey("display_name") || !p.containsKey("address[country]")) {
                return error(400, "invalid_request_error", "parameter_missing", "Missing required param: display_name or address.");
            }
            ObjectNode l = fixture("terminal.location");
            l.put("id", "tml_" + random(24));
            l.put("display_name", p.get("display_name"));
            ObjectNode a = l.putObject("address");
            a.put("line1", p.get("address[line1]"));
            a.put("city", p.get("address[city]"));
            a.put("postal_code", p.get("address[postal_code]"));
            a.put("country", p.get("address[country]"));
            l.set("metadata", metadata(p, "metadata"));
            objects.put(l.get("id").asText(), l);
            return ok(l);
        }
        if ("POST".equals(method) && path.equals("/v1/terminal/readers")) {
            String code = p.get("registration_code");
            if (code == null || !SIMULATED.containsKey(code) && !code.startsWith("simulated-")) {
                return paramError("registration_code", "invalid_registration_code", "The registration code provided is invalid.");
            }
            String location = p.get("location");
            if (location == null || !objects.containsKey(location)) return paramError("location", "resource_missing", "No such location: '" + location + "'");
            String label = p.getOrDefault("label", code);
            if (label.length() > 5000) return paramError("label", "string_too_long", "Invalid string: the label must be at most 5000 characters.");
            String device = SIMULATED.getOrDefault(code, "bbpos_wisepos_e");
            // A simulated code registers one reader per location, like a device that can be registered once.
            String usedAt = usedCodes.putIfAbsent(code + "@" + location, "used");
            if (usedAt != null) return paramError("registration_code", "terminal_reader_already_registered", "This reader is already registered.");
            ObjectNode r = fixture("terminal.reader");
            r.put("id", "tmr_" + random(24));
            r.put("device_type", device);
            r.put("label", label);
            r.put("location", location);
            r.put("status", "online");
            r.put("serial_number", "SIM-" + random(10));
            r.putNull("action");
            r.set("metadata", metadata(p, "metadata"));
            objects.put(r.get("id").asText(), r);
            return ok(r);
        }
        if ("POST".equals(method) && path.equals("/v1/terminal/connection_tokens")) {
            ObjectNode t = fixture("terminal.connection_token");
            t.put("secret", "pst_test_" + random(32));
            if (p.containsKey("location")) t.put("location", p.get("location"));
            return ok(t);
        }
        Matcher m = READER.matcher(path);
        if (!m.matches()) return null;
        ObjectNode r = objects.get(m.group(1));
        if (r == null) return missing(m.group(1));
        String action = m.group(3);
        if (action == null && "GET".equals(method)) return ok(r);
        if (action == null && "DELETE".equals(method)) {
            objects.remove(m.group(1));
            usedCodes.entrySet().removeIf(e -> e.getKey().endsWith("@" + r.path("location").asText()));
            ObjectNode d = JSON.createObjectNode();
            d.put("id", m.group(1));
            d.put("object", "terminal.reader");
            d.put("deleted", true);
            return ok(d);
        }
        if ("process_payment_intent".equals(action)) {
            ObjectNode pi = objects.get(p.get("payment_intent"));
            if (pi == null) return missing(p.get("payment_intent"));
            if (r.path("action").isObject() && "in_progress".equals(r.path("action").path("status").asText())) {
                return error(409, "invalid_request_error", "terminal_reader_busy", "Reader is currently busy processing another request.");
            }
            ObjectNode a = r.putObject("action");
            a.put("type", "process_payment_intent");
            a.put("status", "in_progress");
            a.putNull("failure_code");
            a.putNull("failure_message");
            a.putObject("process_payment_intent").put("payment_intent", pi.get("id").asText());
            // Stripe keeps a tapped card after the payment only when told it may (required since 2025-03-31)
            if (p.containsKey("process_config[allow_redisplay]")) pi.put("x_allow_redisplay", p.get("process_config[allow_redisplay]")); else pi.remove("x_allow_redisplay");
            pi.put("status", "requires_payment_method");
            return ok(r);
        }
        if ("process_setup_intent".equals(action)) {
            ObjectNode si = objects.get(p.get("setup_intent"));
            if (si == null) return missing(p.get("setup_intent"));
            if (!p.containsKey("allow_redisplay")) return error(400, "invalid_request_error", "allow_redisplay", "Missing required param: allow_redisplay.");
            if (r.path("action").isObject() && "in_progress".equals(r.path("action").path("status").asText())) {
                return error(409, "invalid_request_error", "terminal_reader_busy", "Reader is currently busy processing another request.");
            }
            ObjectNode a = r.putObject("action");
            a.put("type", "process_setup_intent");
            a.put("status", "in_progress");
            a.putNull("failure_code");
            a.putNull("failure_message");
            a.putObject("process_setup_intent").put("setup_intent", si.get("id").asText()).put("allow_redisplay", p.get("allow_redisplay"));
            return ok(r);
        }
        if ("cancel_action".equals(action)) {
            r.putNull("action");
            return ok(r);
        }
        return null;
    }

    /** POST /v1/setup_intents: a card_present SetupIntent for a customer, to be processed on a reader. */
    private Answer createSetupIntent(Map<String, String> p) {
        ObjectNode si = JSON.createObjectNode();
        String id = "seti_" + random(24);
        si.put("id", id);
        si.put("object", "setup_intent");
        si.put("client_secret", id + "_secret_" + random(24));
        si.put("created", Instant.now().getEpochSecond());
        si.put("customer", p.get("customer"));
        si.put("status", "requires_payment_method");
        si.put("usage", p.getOrDefault("usage", "off_session"));
        si.putNull("latest_attempt");
        si.putNull("last_setup_error");
        si.putNull("payment_method");
        var types = si.putArray("payment_method_types");
        list(p, "payment_method_types").forEach(types::add);
        si.set("metadata", metadata(p, "metadata"));
        si.put("livemode", false);
        objects.put(id, si);
        return ok(si);
    }

    /** GET /v1/setup_intents/{id}: latest_attempt (a setup_attempt with the generated card) expanded when asked. */
    private Answer setupIntent(ObjectNode si, Map<String, String> p) {
        ObjectNode out = si.deepCopy();
        if (list(p, "expand").contains("latest_attempt") && si.hasNonNull("latest_attempt")) {
            ObjectNode attempt = objects.get(si.get("latest_attempt").asText());
            if (attempt != null) out.set("latest_attempt", attempt.deepCopy());
        }
        return ok(out);
    }

    /** The customer taps (or the reader fails) a SetupIntent handed to a reader: the attempt, the reader's action and their events. */
    private List<ObjectNode> tap(ObjectNode si, boolean succeeded) {
        List<ObjectNode> events = new ArrayList<>();
        String siId = si.get("id").asText();
        ObjectNode reader = objects.values().stream().filter(r -> "terminal.reader".equals(r.path("object").asText())
                && siId.equals(r.path("action").path("process_setup_intent").path("setup_intent").asText())).findFirst().orElse(null);
        if (reader == null) throw new IllegalArgumentException("no reader is processing " + siId);
        ObjectNode attempt = JSON.createObjectNode();
        String attemptId = "setatt_" + random(24);
        attempt.put("id", attemptId);
        attempt.put("object", "setup_attempt");
        attempt.put("setup_intent", siId);
        attempt.put("customer", si.path("customer").asText());
        attempt.put("created", Instant.now().getEpochSecond());
        attempt.put("status", succeeded ? "succeeded" : "failed");
        ObjectNode details = attempt.putObject("payment_method_details");
        details.put("type", "card_present");
        ObjectNode a = (ObjectNode) reader.get("action");
        if (succeeded) {
            // Stripe saves a reusable card from the tapped one: what later invoices are charged to
            ObjectNode card = JSON.createObjectNode();
            String pm = "pm_" + random(24);
            card.put("id", pm);
            card.put("object", "payment_method");
            card.put("type", "card");
            card.put("customer", si.path("customer").asText());
            card.putObject("card").put("brand", "visa").put("last4", last4(siId)).put("fingerprint", fingerprint(siId));
            objects.put(pm, card);
            details.putObject("card_present").put("generated_card", pm).put("brand", "visa").put("last4", last4(siId)).put("fingerprint", fingerprint(siId));
            attempt.putNull("setup_error");
            si.put("status", "succeeded");
            si.put("payment_method", pm);
            si.putNull("last_setup_error");
            a.put("status", "succeeded");
        } else {
            details.putObject("card_present").putNull("generated_card");
            ObjectNode err = attempt.putObject("setup_error");
            err.put("type", "card_error");
            err.put("code", "card_declined");
            err.put("message", "Your card was declined.");
            si.put("status", "requires_payment_method");
            si.set("last_setup_error", err.deepCopy());
            a.put("status", "failed");
            a.put("failure_code", "card_declined");
            a.put("failure_message", "Your card was declined.");
        }
        objects.put(attemptId, attempt);
        si.put("latest_attempt", attemptId);
        events.add(event(succeeded ? "terminal.reader.action_succeeded" : "terminal.reader.action_failed", reader));
        events.add(event(succeeded ? "setup_intent.succeeded" : "setup_intent.setup_failed", si));
        return events;
    }

    private static Answer paramError(String param, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode err = e.putObject("error");
        err.put("type", "invalid_request_error");
        err.put("code", code);
        err.put("param", param);
        err.put("message", message);
        return new Answer(400, e.toString());
    }

    private Answer route(String method, String path, Map<String, String> params) {
        if (path.startsWith("/v1/terminal/")) {
            Answer t = terminal(method, path, params);
            if (t != null) return t;
        }
        if ("POST".equals(method) && path.equals("/v1/payment_intents")) return ok(createPaymentIntent(params));
        if ("POST".equals(method) && path.equals("/v1/checkout/sessions")) return createSession(params);
        if ("POST".equals(method) && path.equals("/v1/refunds")) return createRefund(params);
        if ("POST".equals(method) && path.equals("/v1/coupons")) return createCoupon(params);
        if ("POST".equals(method) && path.equals("/v1/customers")) return createCustomer(params);
        if ("POST".equals(method) && path.equals("/v1/prices")) return createPrice(params);
        if ("POST".equals(method) && path.equals("/v1/subscriptions")) return createSubscription(params);
        if ("POST".equals(method) && path.equals("/v1/setup_intents")) return createSetupIntent(params);
        Matcher setup = Pattern.compile("/v1/setup_intents/([^/]+)(/cancel)?").matcher(path);
        if (setup.matches() && objects.containsKey(setup.group(1))) {
            ObjectNode si = objects.get(setup.group(1));
            if ("GET".equals(method) && setup.group(2) == null) return setupIntent(si, params);
            if ("POST".equals(method) && setup.group(2) != null) {
                if ("succeeded".equals(si.path("status").asText())) {
                    return error(400, "invalid_request_error", "setup_intent_unexpected_state", "You cannot cancel this SetupIntent because it has a status of succeeded.");
                }
                si.put("status", "canceled");
                return ok(si);
            }
        }
        Matcher action = ACTION.matcher(path);
        if ("POST".equals(method) && action.matches()) return act(action.group(1), action.group(2), action.group(3), params);
        if ("GET".equals(method) && path.equals("/v1/events")) return events(params);
        if ("GET".equals(method) && (path.equals("/v1/payment_intents") || path.equals("/v1/checkout/sessions"))) {
            // newest first, as Stripe lists; created[gte] and limit as the spec has them (no paging needed here)
            String object = path.equals("/v1/payment_intents") ? "payment_intent" : "checkout.session";
            long gte = Long.parseLong(params.getOrDefault("created[gte]", "0"));
            long lte = Long.parseLong(params.getOrDefault("created[lte]", Long.toString(Long.MAX_VALUE)));
            int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
            ObjectNode list = JSON.createObjectNode();
            list.put("object", "list");
            list.put("url", path);
            var all = new ArrayList<>(objects.values().stream().filter(o -> object.equals(o.path("object").asText())
                            && o.path("created").asLong() >= gte && o.path("created").asLong() <= lte)
                    .sorted(java.util.Comparator.comparingLong((ObjectNode o) -> o.path("created").asLong()).reversed()
                            .thenComparing(o -> o.path("id").asText())).toList());
            String after = params.get("starting_after"); // the page after the object with this id
            if (after != null) {
                int at = -1;
                for (int i = 0; i < all.size(); i++) if (after.equals(all.get(i).path("id").asText())) at = i;
                all = at < 0 ? new ArrayList<>() : new ArrayList<>(all.subList(at + 1, all.size()));
            }
            list.put("has_more", all.size() > limit);
            var data = list.putArray("data");
            all.stream().limit(limit).forEach(data::add);
            return ok(list);
        }
        if ("GET".equals(method) && path.equals("/v1/refunds")) {
            ObjectNode list = JSON.createObjectNode();
            list.put("object", "list");
            list.put("url", "/v1/refunds");
            list.put("has_more", false);
            var data = list.putArray("data");
            objects.values().stream().filter(o -> "refund".equals(o.path("object").asText()))
                    .filter(o -> !params.containsKey("payment_intent") || params.get("payment_intent").equals(o.path("payment_intent").asText()))
                    .forEach(data::add);
            return ok(list);
        }
        Matcher one = ONE.matcher(path);
        if (one.matches() && one.group(1).equals("subscriptions")) {
            if ("POST".equals(method)) return updateSubscription(one.group(2), params);
            if ("DELETE".equals(method)) return cancelSubscription(one.group(2));
        }
        if ("GET".equals(method) && one.matches()) {
            ObjectNode o = objects.get(one.group(2));
            if (o != null && one.group(1).equals("invoices")) return invoice(o, params);
            if (o != null && one.group(1).equals("payment_intents") && list(params, "expand").contains("latest_charge")
                    && objects.containsKey(o.path("latest_charge").asText())) {
                // GET /v1/payment_intents/{id}?expand[]=latest_charge: the charge (its card's fingerprint) in place of its id
                ObjectNode expanded = o.deepCopy();
                expanded.set("latest_charge", objects.get(o.get("latest_charge").asText()).deepCopy());
                return ok(expanded);
            }
            return o == null ? missing(one.group(2)) : ok(o);
        }
        return error(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ")");
    }

    private ObjectNode createPaymentIntent(Map<String, String> p) {
        ObjectNode pi = fixture("payment_intent");
        String id = "pi_" + random(24);
        pi.put("id", id);
        pi.put("client_secret", id + "_secret_" + random(24));
        pi.put("amount", Long.parseLong(p.getOrDefault("amount", "0")));
        pi.put("currency", p.getOrDefault("currency", "usd"));
        pi.put("created", Instant.now().getEpochSecond());
        pi.put("status", "requires_payment_method");
        pi.putNull("canceled_at");
        pi.putNull("last_payment_error");
        pi.putNull("next_action");
        pi.putNull("latest_charge");
        pi.putNull("processing");
        pi.put("capture_method", p.getOrDefault("capture_method", "automatic"));
        if (p.containsKey("setup_future_usage")) pi.put("setup_future_usage", p.get("setup_future_usage")); else pi.putNull("setup_future_usage");
        if (p.containsKey("customer")) pi.put("customer", p.get("customer"));
        pi.set("metadata", metadata(p, "metadata"));
        var types = pi.putArray("payment_method_types");
        list(p, "payment_method_types").forEach(types::add);
        if (types.isEmpty()) types.add("card");
        if (p.containsKey("customer")) pi.put("customer", p.get("customer"));
        if (p.containsKey("description")) pi.put("description", p.get("description"));
        objects.put(id, pi);
        return pi;
    }

    private Answer createSession(Map<String, String> p) {
        long expiresAt = Long.parseLong(p.getOrDefault("expires_at", Long.toString(Instant.now().getEpochSecond() + 86_400)));
        long now = Instant.now().getEpochSecond();
        if (expiresAt < now + 1800 - 5 || expiresAt > now + 86_400) {
            return error(400, "invalid_request_error", "parameter_invalid_integer",
                    "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
        }
        ObjectNode s = fixture("checkout.session");
        String id = "cs_test_" + random(58);
        s.put("id", id);
        s.put("object", "checkout.session");
        s.put("created", now);
        s.put("expires_at", expiresAt);
        s.put("mode", p.getOrDefault("mode", "payment"));
        s.put("status", "open");
        s.put("payment_status", "unpaid");
        s.put("url", apiBase() + "/pay/" + id);
        s.put("success_url", p.get("success_url"));
        s.put("cancel_url", p.get("cancel_url"));
        s.put("client_reference_id", p.get("client_reference_id"));
        s.set("metadata", metadata(p, "metadata"));
        long total = 0;
        String currency = null;
        for (int i = 0; p.containsKey("line_items[" + i + "][quantity]"); i++) {
            long qty = Long.parseLong(p.get("line_items[" + i + "][quantity]"));
            long unit = Long.parseLong(p.getOrDefault("line_items[" + i + "][price_data][unit_amount]", "0"));
            currency = p.get("line_items[" + i + "][price_data][currency]");
            ObjectNode price = p.containsKey("line_items[" + i + "][price]") ? objects.get(p.get("line_items[" + i + "][price]")) : null;
            if (price != null) { // a Price made before (a subscription's)
                unit = price.path("unit_amount").asLong();
                currency = price.path("currency").asText();
            }
            total += qty * unit;
        }
        if ("subscription".equals(s.path("mode").asText())) {
            // Stripe makes the subscription (and its first invoice) when the shopper pays on the page
            if (!p.containsKey("line_items[0][price]")) return error(400, "invalid_request_error", "line_items", "A subscription session needs recurring prices.");
            s.put("customer", p.get("customer"));
            s.putNull("subscription");
            s.putNull("payment_intent");
            s.put("amount_total", total);
            s.put("amount_subtotal", total);
            s.put("currency", currency);
            Map<String, String> subParams = new LinkedHashMap<>();
            subParams.put("customer", p.get("customer"));
            p.forEach((k, v) -> {
                if (k.startsWith("subscription_data[metadata]")) subParams.put(k.replace("subscription_data[metadata]", "metadata"), v);
                if (k.startsWith("line_items[") && (k.endsWith("[price]") || k.endsWith("[quantity]"))) subParams.put(k.replace("line_items[", "items["), v);
            });
            s.set("x_subscription", JSON.valueToTree(subParams)); // what to make on payment (the stand-in's own note)
            objects.put(id, s);
            ObjectNode out = s.deepCopy();
            out.remove("x_subscription");
            return ok(out);
        }
        long subtotal = total;
        var discounts = s.putArray("discounts");
        if (p.containsKey("discounts[0][coupon]")) {
            // Stripe takes one discount per session; a coupon must exist, still be redeemable and be in the session's currency
            if (p.containsKey("discounts[1][coupon]") || p.containsKey("discounts[1][promotion_code]")) {
                return error(400, "invalid_request_error", "discounts", "You may only specify one of these parameters: discounts.");
            }
            ObjectNode coupon = objects.get(p.get("discounts[0][coupon]"));
            if (coupon == null || !"coupon".equals(coupon.path("object").asText())) {
                return error(400, "invalid_request_error", "resource_missing", "No such coupon: '" + p.get("discounts[0][coupon]") + "'");
            }
            if (!coupon.path("valid").asBoolean() || (coupon.hasNonNull("redeem_by") && coupon.get("redeem_by").asLong() < now)
                    || (coupon.hasNonNull("max_redemptions") && coupon.get("times_redeemed").asLong() >= coupon.get("max_redemptions").asLong())) {
                return error(400, "invalid_request_error", "coupon_expired", "Coupon '" + coupon.get("id").asText() + "' is no longer valid.");
            }
            long off;
            if (coupon.hasNonNull("amount_off")) {
                if (!coupon.get("currency").asText().equals(currency)) {
                    return error(400, "invalid_request_error", "discounts", "The coupon's currency must match the session's currency.");
                }
                off = Math.min(total, coupon.get("amount_off").asLong());
            } else {
                off = Math.round(total * coupon.get("percent_off").asDouble() / 100.0);
            }
            total -= off;
            discounts.addObject().put("coupon", coupon.get("id").asText()).putNull("promotion_code");
            s.putObject("total_details").put("amount_discount", off).put("amount_shipping", 0).put("amount_tax", 0);
        } else {
            s.putObject("total_details").put("amount_discount", 0).put("amount_shipping", 0).put("amount_tax", 0);
        }
        s.put("amount_total", total);
        s.put("amount_subtotal", subtotal);
        s.put("currency", currency);
        // Stripe creates the session's PaymentIntent when the shopper pays; the stand-in does so up front, with the
        // session's payment_intent_data metadata, so that a simulated payment has an intent to succeed.
        Map<String, String> piParams = new LinkedHashMap<>();
        piParams.put("amount", Long.toString(total));
        piParams.put("currency", currency == null ? "usd" : currency);
        p.forEach((k, v) -> { if (k.startsWith("payment_intent_data[metadata]")) piParams.put(k.replace("payment_intent_data[metadata]", "metadata"), v); });
        s.put("payment_intent", createPaymentIntent(piParams).get("id").asText());
        objects.put(id, s);
        return ok(s);
    }

    /** POST /v1/coupons as the spec has it: amount_off with currency, or percent_off; a duration; optional limits. */
    private Answer createCoupon(Map<String, String> p) {
        String duration = p.get("duration");
        if (duration == null) duration = "once";
        if (!List.of("once", "repeating", "forever").contains(duration)) {
            return error(400, "invalid_request_error", "duration", "Invalid duration: must be one of once, repeating, or forever");
        }
        boolean amount = p.containsKey("amount_off"), percent = p.containsKey("percent_off");
        if (amount == percent) return error(400, "invalid_request_error", "amount_off", "You must pass either amount_off or percent_off.");
        if (amount && !p.containsKey("currency")) return error(400, "invalid_request_error", "currency", "You must pass currency when passing amount_off.");
        long now = Instant.now().getEpochSecond();
        if (p.containsKey("redeem_by") && Long.parseLong(p.get("redeem_by")) <= now) {
            return error(400, "invalid_request_error", "redeem_by", "Redeem by must be in the future.");
        }
        if (p.containsKey("max_redemptions") && Long.parseLong(p.get("max_redemptions")) < 1) {
            return error(400, "invalid_request_error", "max_redemptions", "Invalid positive integer");
        }
        if (p.containsKey("name") && p.get("name").length() > 40) return error(400, "invalid_request_error", "name", "Name must be at most 40 characters.");
        ObjectNode c = fixture("coupon");
        String id = p.getOrDefault("id", random(8));
        c.put("id", id);
        c.put("object", "coupon");
        c.put("created", now);
        c.put("duration", duration);
        if (amount) { c.put("amount_off", Long.parseLong(p.get("amount_off"))); c.put("currency", p.get("currency")); c.putNull("percent_off"); }
        else { c.put("percent_off", Double.parseDouble(p.get("percent_off"))); c.putNull("amount_off"); c.putNull("currency"); }
        if (p.containsKey("max_redemptions")) c.put("max_redemptions", Long.parseLong(p.get("max_redemptions"))); else c.putNull("max_redemptions");
        if (p.containsKey("redeem_by")) c.put("redeem_by", Long.parseLong(p.get("redeem_by"))); else c.putNull("redeem_by");
        if (p.containsKey("name")) c.put("name", p.get("name")); else c.putNull("name");
        c.put("times_redeemed", 0);
        c.put("valid", true);
        c.put("livemode", false);
        c.set("metadata", metadata(p, "metadata"));
        objects.put(id, c);
        return ok(c);
    }

    /** POST /v1/customers: a Stripe Customer (name, email, phone, metadata). */
    private Answer createCustomer(Map<String, String> p) {
        ObjectNode c = fixture("customer");
        String id = "cus_" + random(14);
        c.put("id", id);
        c.put("object", "customer");
        c.put("created", Instant.now().getEpochSecond());
        for (String f : List.of("name", "email", "phone")) { if (p.containsKey(f)) c.put(f, p.get(f)); else c.putNull(f); }
        c.set("metadata", metadata(p, "metadata"));
        objects.put(id, c);
        return ok(c);
    }

    /** POST /v1/prices: a recurring price with inline product data, as the spec has it. */
    private Answer createPrice(Map<String, String> p) {
        if (!p.containsKey("currency")) return error(400, "invalid_request_error", "currency", "Missing required param: currency.");
        if (!p.containsKey("product") && !p.containsKey("product_data[name]")) {
            return error(400, "invalid_request_error", "product", "You must specify either `product` or `product_data` when creating a price.");
        }
        String interval = p.get("recurring[interval]");
        if (interval != null && !List.of("day", "week", "month", "year").contains(interval)) {
            return error(400, "invalid_request_error", "recurring[interval]", "Invalid recurring[interval]");
        }
        ObjectNode price = fixture("price");
        String id = "price_" + random(24);
        price.put("id", id);
        price.put("object", "price");
        price.put("created", Instant.now().getEpochSecond());
        price.put("currency", p.get("currency"));
        price.put("unit_amount", Long.parseLong(p.getOrDefault("unit_amount", "0")));
        price.put("product", p.getOrDefault("product", "prod_" + random(14)));
        price.put("active", true);
        if (interval != null) {
            price.put("type", "recurring");
            price.putObject("recurring").put("interval", interval).put("interval_count", 1).put("usage_type", "licensed").putNull("meter");
        }
        price.set("metadata", metadata(p, "metadata"));
        objects.put(id, price);
        return ok(price);
    }

    /**
     * POST /v1/subscriptions with payment_behavior=default_incomplete: INCOMPLETE, its first invoice open with a
     * PaymentIntent to confirm (confirmation_secret, as stripe-java's pinned API version has it; the 2024 spec's
     * invoice.payment_intent is gone there), expanded when asked.
     */
    private Answer createSubscription(Map<String, String> p) {
        ObjectNode customer = objects.get(p.get("customer"));
        if (customer == null || !"customer".equals(customer.path("object").asText())) return missing(p.get("customer"));
        long total = 0;
        String currency = null;
        ObjectNode sub = fixture("subscription");
        String id = "sub_" + random(24);
        var items = JSON.createObjectNode();
        items.put("object", "list");
        var data = items.putArray("data");
        for (int i = 0; p.containsKey("items[" + i + "][price]"); i++) {
            ObjectNode price = objects.get(p.get("items[" + i + "][price]"));
            if (price == null) return missing(p.get("items[" + i + "][price]"));
            long qty = Long.parseLong(p.getOrDefault("items[" + i + "][quantity]", "1"));
            total += qty * price.get("unit_amount").asLong();
            currency = price.get("currency").asText();
            data.addObject().put("id", "si_" + random(14)).put("object", "subscription_item").put("quantity", qty).set("price", price.deepCopy());
        }
        if (data.isEmpty()) return error(400, "invalid_request_error", "items", "Missing required param: items.");
        sub.put("id", id);
        sub.put("object", "subscription");
        sub.put("customer", customer.get("id").asText());
        sub.put("created", Instant.now().getEpochSecond());
        sub.put("status", "default_incomplete".equals(p.get("payment_behavior")) ? "incomplete" : "active");
        sub.set("items", items);
        sub.set("metadata", metadata(p, "metadata"));
        sub.putNull("pause_collection");
        sub.put("cancel_at_period_end", false);
        ObjectNode pi = createPaymentIntent(Map.of("amount", Long.toString(total), "currency", currency, "customer", customer.get("id").asText()));
        ObjectNode invoice = fixture("invoice");
        String invoiceId = "in_" + random(24);
        invoice.put("id", invoiceId);
        invoice.put("object", "invoice");
        invoice.put("customer", customer.get("id").asText());
        invoice.put("status", "open");
        invoice.put("currency", currency);
        invoice.put("amount_due", total);
        invoice.put("amount_paid", 0);
        invoice.put("billing_reason", "subscription_create");
        invoice.putObject("confirmation_secret").put("client_secret", pi.get("client_secret").asText()).put("type", "payment_intent");
        invoice.putObject("parent").put("type", "subscription_details").putNull("quote_details")
                .putObject("subscription_details").put("subscription", id).set("metadata", sub.get("metadata").deepCopy());
        long start = sub.get("created").asLong();
        sub.put("x_interval", data.get(0).path("price").path("recurring").path("interval").asText("month"));
        sub.put("x_period_start", start);
        billPeriod(invoice, sub, start);
        invoice.put("x_payment_intent", pi.get("id").asText()); // the stand-in's own link; Stripe lists it among the invoice's payments
        objects.put(invoiceId, invoice);
        sub.put("latest_invoice", invoiceId);
        objects.put(id, sub);
        if (p.containsKey("default_payment_method") && !"default_incomplete".equals(p.get("payment_behavior"))) {
            // charged off session to the saved card as it is made; Stripe tells the endpoint after answering
            if (!objects.containsKey(p.get("default_payment_method"))) return missing(p.get("default_payment_method"));
            sub.put("default_payment_method", p.get("default_payment_method"));
            List<ObjectNode> paid = payInvoice(invoice, sub);
            sub.put("status", "active");
            List<ObjectNode> events = new ArrayList<>(List.of(event("customer.subscription.created", sub)));
            events.addAll(paid);
            if (webhookUrl != null) afterAnswering(() -> events.forEach(this::deliver));
        }
        ObjectNode answer = sub.deepCopy();
        if (list(p, "expand").stream().anyMatch(e -> e.startsWith("latest_invoice"))) answer.set("latest_invoice", invoice.deepCopy());
        return ok(answer);
    }

    /** An invoice's one line: the subscription's items for the period from {@code start}. */
    private void billPeriod(ObjectNode invoice, ObjectNode sub, long start) {
        long end = next(start, sub.path("x_interval").asText("month"));
        invoice.put("period_start", start);
        invoice.put("period_end", end);
        invoice.put("created", Instant.now().getEpochSecond());
        var lines = invoice.putObject("lines");
        lines.put("object", "list");
        lines.put("has_more", false);
        var line = lines.putArray("data").addObject();
        line.put("id", "il_" + random(24));
        line.put("object", "line_item");
        line.put("amount", invoice.path("amount_due").asLong());
        line.put("currency", invoice.path("currency").asText());
        line.putObject("period").put("start", start).put("end", end);
    }

    private static long next(long start, String interval) {
        var at = java.time.ZonedDateTime.ofInstant(Instant.ofEpochSecond(start), java.time.ZoneOffset.UTC);
        var next = switch (interval) {
            case "day" -> at.plusDays(1);
            case "week" -> at.plusWeeks(1);
            case "year" -> at.plusYears(1);
            default -> at.plusMonths(1);
        };
        return next.toEpochSecond();
    }

    /** POST /v1/subscriptions/{id}: pause_collection (set, or "" to clear) and cancel_at_period_end, as the spec has them. */
    private Answer updateSubscription(String id, Map<String, String> p) {
        ObjectNode sub = objects.get(id);
        if (sub == null || !"subscription".equals(sub.path("object").asText())) return missing(id);
        if (sub.path("status").asText().equals("canceled")) {
            return error(400, "invalid_request_error", "resource_missing", "A canceled subscription can only update its cancellation_details and metadata.");
        }
        if (p.containsKey("pause_collection")) {
            sub.putNull("pause_collection"); // pause_collection= (empty): resumed
        } else if (p.containsKey("pause_collection[behavior]")) {
            String behavior = p.get("pause_collection[behavior]");
            if (!List.of("keep_as_draft", "mark_uncollectible", "void").contains(behavior)) {
                return error(400, "invalid_request_error", "pause_collection[behavior]", "Invalid pause_collection[behavior]");
            }
            sub.putObject("pause_collection").put("behavior", behavior).putNull("resumes_at");
        }
        if (p.containsKey("cancel_at_period_end")) sub.put("cancel_at_period_end", Boolean.parseBoolean(p.get("cancel_at_period_end")));
        subscriptionEvent("customer.subscription.updated", sub);
        return ok(sub);
    }

    /** DELETE /v1/subscriptions/{id}: cancelled now. */
    private Answer cancelSubscription(String id) {
        ObjectNode sub = objects.get(id);
        if (sub == null || !"subscription".equals(sub.path("object").asText())) return missing(id);
        if (!sub.path("status").asText().equals("canceled")) {
            sub.put("status", "canceled");
            sub.put("canceled_at", Instant.now().getEpochSecond());
            subscriptionEvent("customer.subscription.deleted", sub);
        }
        return ok(sub);
    }

    /** Stripe tells the endpoint about a change it answered for, after answering. */
    private void subscriptionEvent(String type, ObjectNode sub) {
        ObjectNode e = event(type, sub);
        if (webhookUrl != null) afterAnswering(() -> deliver(e));
    }

    /**
     * Plays a subscription's billing: {@code setup} pays its first invoice (the shopper confirmed the card), {@code renewed}
     * bills and pays the next period, {@code renewal-failed} bills the next period and fails to collect it. The events
     * Stripe sends for each are delivered, signed; returns "type status" lines.
     */
    public synchronized List<String> simulateSubscription(String subscriptionId, String what) {
        ObjectNode sub = objects.get(subscriptionId);
        if (sub == null || !"subscription".equals(sub.path("object").asText())) throw new IllegalArgumentException("no such subscription " + subscriptionId);
        List<ObjectNode> events = new ArrayList<>();
        String before = sub.path("status").asText();
        switch (what) {
            case "setup" -> {
                ObjectNode invoice = objects.get(sub.path("latest_invoice").asText());
                if (!"open".equals(invoice.path("status").asText())) throw new IllegalArgumentException("the first invoice is " + invoice.path("status").asText());
                events.addAll(payInvoice(invoice, sub));
            }
            case "renewed", "renewal-failed" -> {
                if (!List.of("active", "past_due").contains(before)) throw new IllegalArgumentException("subscription is " + before);
                ObjectNode invoice = renewalInvoice(sub);
                if (what.equals("renewed")) {
                    events.addAll(payInvoice(invoice, sub));
                } else {
                    ObjectNode pi = objects.get(invoice.path("x_payment_intent").asText());
                    events.add(event("payment_intent.payment_failed", fail(pi)));
                    invoice.put("attempt_count", 1);
                    invoice.put("attempted", true);
                    invoice.put("next_payment_attempt", Instant.now().plus(java.time.Duration.ofDays(3)).getEpochSecond());
                    events.add(event("invoice.payment_failed", invoice));
                    sub.put("status", "past_due");
                }
            }
            default -> throw new IllegalArgumentException("setup, renewed or renewal-failed, not " + what);
        }
        if (!before.equals(sub.path("status").asText())) events.add(event("customer.subscription.updated", sub));
        List<String> delivered = new ArrayList<>();
        for (ObjectNode e : events) delivered.add(e.get("type").asText() + " " + deliver(e));
        return delivered;
    }

    /** The customer taps their card on the reader processing this SetupIntent (or the reader fails); the events delivered. */
    public synchronized List<String> simulateTap(String setupIntentId, boolean succeeded) {
        ObjectNode si = objects.get(setupIntentId);
        if (si == null || !"setup_intent".equals(si.path("object").asText())) throw new IllegalArgumentException("no such SetupIntent " + setupIntentId);
        List<String> delivered = new ArrayList<>();
        for (ObjectNode e : tap(si, succeeded)) delivered.add(e.get("type").asText() + " " + deliver(e));
        return delivered;
    }

    /** The latest event of this type about this object, as Stripe made it (to deliver it again, as Stripe retries do). */
    public ObjectNode lastEvent(String type, String objectId) {
        synchronized (eventLog) {
            for (int i = eventLog.size() - 1; i >= 0; i--) {
                ObjectNode e = eventLog.get(i);
                if (type.equals(e.path("type").asText()) && objectId.equals(e.path("data").path("object").path("id").asText())) return e.deepCopy();
            }
        }
        throw new IllegalArgumentException("no " + type + " about " + objectId);
    }

    /** Delivers an event again (same id, same content): what Stripe does when it is unsure the first delivery arrived. */
    public int deliverAgain(ObjectNode event) { return deliver(event); }

    /** A Checkout Session nobody paid before it expired: Stripe expires it and says so (delivered). */
    public synchronized String expireSession(String sessionId) {
        ObjectNode o = objects.get(sessionId);
        o.put("status", "expired");
        ObjectNode expired = o.deepCopy();
        expired.remove("x_subscription");
        return "checkout.session.expired " + deliver(event("checkout.session.expired", expired));
    }

    /** A subscription whose first invoice went unpaid for 23 hours: Stripe ends it (incomplete_expired) and says so. */
    public synchronized String expireIncomplete(String subscriptionId) {
        ObjectNode sub = objects.get(subscriptionId);
        if (!"incomplete".equals(sub.path("status").asText())) throw new IllegalArgumentException("subscription is " + sub.path("status").asText());
        sub.put("status", "incomplete_expired");
        ObjectNode invoice = objects.get(sub.path("latest_invoice").asText());
        if (invoice != null) invoice.put("status", "void");
        return "customer.subscription.updated " + deliver(event("customer.subscription.updated", sub));
    }

    /** The next period's invoice, with its PaymentIntent, as Stripe makes it when a period starts. */
    private ObjectNode renewalInvoice(ObjectNode sub) {
        long start = next(sub.path("x_period_start").asLong(), sub.path("x_interval").asText("month"));
        sub.put("x_period_start", start);
        long total = 0;
        String currency = null;
        for (JsonNode item : sub.path("items").path("data")) {
            total += item.path("quantity").asLong() * item.path("price").path("unit_amount").asLong();
            currency = item.path("price").path("currency").asText();
        }
        ObjectNode pi = createPaymentIntent(Map.of("amount", Long.toString(total), "currency", currency, "customer", sub.path("customer").asText()));
        ObjectNode invoice = fixture("invoice");
        String invoiceId = "in_" + random(24);
        invoice.put("id", invoiceId);
        invoice.put("object", "invoice");
        invoice.put("customer", sub.path("customer").asText());
        invoice.put("status", "open");
        invoice.put("currency", currency);
        invoice.put("amount_due", total);
        invoice.put("amount_paid", 0);
        invoice.put("billing_reason", "subscription_cycle");
        invoice.putNull("confirmation_secret");
        invoice.putObject("parent").put("type", "subscription_details").putNull("quote_details")
                .putObject("subscription_details").put("subscription", sub.path("id").asText()).set("metadata", sub.get("metadata").deepCopy());
        billPeriod(invoice, sub, start);
        invoice.put("x_payment_intent", pi.get("id").asText());
        objects.put(invoiceId, invoice);
        sub.put("latest_invoice", invoiceId);
        return invoice;
    }

    /** The invoice's intent succeeds with the saved card: the intent's, the charge's and the invoice's events. */
    private List<ObjectNode> payInvoice(ObjectNode invoice, ObjectNode sub) {
        ObjectNode pi = succeed(invoice.path("x_payment_intent").asText());
        invoice.put("status", "paid");
        invoice.put("amount_paid", invoice.path("amount_due").asLong());
        invoice.put("attempted", true);
        invoice.put("attempt_count", invoice.path("attempt_count").asInt(0) + 1);
        invoice.putNull("next_payment_attempt");
        sub.put("status", "active");
        return List.of(event("payment_intent.succeeded", pi), event("charge.succeeded", charge(pi)), event("invoice.paid", invoice),
                event("invoice.payment_succeeded", invoice));
    }

    /** GET /v1/invoices/{id}: {@code payments} (from API 2025-03) only when asked with expand[]=payments. */
    private Answer invoice(ObjectNode invoice, Map<String, String> p) {
        ObjectNode out = invoice.deepCopy();
        out.remove("x_payment_intent");
        if (list(p, "expand").contains("payments")) {
            var payments = out.putObject("payments");
            payments.put("object", "list");
            payments.put("has_more", false);
            var data = payments.putArray("data");
            ObjectNode pi = objects.get(invoice.path("x_payment_intent").asText());
            if (pi != null) {
                var payment = data.addObject();
                payment.put("id", "inpay_" + random(20));
                payment.put("object", "invoice_payment");
                payment.put("invoice", invoice.path("id").asText());
                payment.put("status", "succeeded".equals(pi.path("status").asText()) ? "paid" : "open");
                payment.put("amount_paid", "succeeded".equals(pi.path("status").asText()) ? pi.path("amount").asLong() : 0);
                payment.put("currency", pi.path("currency").asText());
                payment.putObject("payment").put("type", "payment_intent").put("payment_intent", pi.path("id").asText());
            }
        }
        return ok(out);
    }

    /** Coupons the stand-in holds (tests read what reached "Stripe's page"). */
    public List<ObjectNode> coupons() {
        return objects.values().stream().filter(o -> "coupon".equals(o.path("object").asText())).map(ObjectNode::deepCopy).toList();
    }

    private Answer createRefund(Map<String, String> p) {
        ObjectNode pi = objects.get(p.get("payment_intent"));
        if (pi == null) return missing(p.get("payment_intent"));
        if (!"succeeded".equals(pi.path("status").asText())) {
            return error(400, "invalid_request_error", "charge_not_refundable", "This PaymentIntent does not have a successful charge to refund.");
        }
        long amount = Long.parseLong(p.getOrDefault("amount", pi.get("amount").asText()));
        long refunded = pi.path("x_refunded").asLong(0);
        if (refunded + amount > pi.get("amount").asLong()) {
            return error(400, "invalid_request_error", "amount_too_large", "Refund amount (" + amount + ") is greater than unrefunded amount on charge.");
        }
        pi.put("x_refunded", refunded + amount);
        ObjectNode r = fixture("refund");
        String id = "re_" + random(24);
        r.put("id", id);
        r.put("amount", amount);
        r.put("currency", pi.get("currency").asText());
        r.put("payment_intent", pi.get("id").asText());
        r.put("charge", pi.path("latest_charge").asText(null));
        r.put("created", Instant.now().getEpochSecond());
        r.put("status", "succeeded");
        if (p.containsKey("reason")) r.put("reason", p.get("reason"));
        r.set("metadata", metadata(p, "metadata"));
        objects.put(id, r);
        if (webhookUrl != null) {
            // Stripe tells the endpoint about the refund after answering
            ObjectNode refund = r.deepCopy();
            afterAnswering(() -> sendRefundEvents(refund));
        }
        return ok(r);
    }

    private Answer act(String kind, String id, String action, Map<String, String> p) {
        ObjectNode o = objects.get(id);
        if (o == null) return missing(id);
        if (kind.equals("payment_intents")) {
            String status = o.get("status").asText();
            if (status.equals("succeeded") || status.equals("canceled")) {
                return error(400, "invalid_request_error", "payment_intent_unexpected_state",
                        "You cannot cancel this PaymentIntent because it has a status of " + status + ".");
            }
            o.put("status", "canceled");
            o.put("canceled_at", Instant.now().getEpochSecond());
            o.put("cancellation_reason", p.getOrDefault("cancellation_reason", "requested_by_customer"));
            event("payment_intent.canceled", o); // listed; its webhook delivery is not simulated
        } else {
            if (!o.get("status").asText().equals("open")) {
                return error(400, "invalid_request_error", "checkout_session_unexpected_state", "Only Checkout Sessions with a status in [\"open\"] can be expired.");
            }
            o.put("status", "expired");
            event("checkout.session.expired", o); // listed; its webhook delivery is not simulated
        }
        return ok(o);
    }

    // ---- the shopper's side: simulated payments and the signed events Stripe would send --------------------

    /** The PaymentIntent a simulated payment of {@code id} (a PaymentIntent, or a Checkout Session's) is charged to. */
    private String cardIntent(String id) {
        ObjectNode o = objects.get(id);
        return "checkout.session".equals(o.path("object").asText()) && o.hasNonNull("payment_intent") ? o.get("payment_intent").asText() : id;
    }

    /**
     * POST /_standin/simulate {"id": "pi_..." | "cs_test_..." | "seti_...", "outcome": "succeeded" | "failed", "card": "4242424242424242"}
     * (used by scripts/simulate-payment).
     */
    private Answer simulate(String raw) {
        try {
            JsonNode req = JSON.readTree(raw.isBlank() ? "{}" : raw);
            String id = req.path("id").asText(null);
            if (id == null || !objects.containsKey(id)) return missing(String.valueOf(id));
            if ("setup_intent".equals(objects.get(id).path("object").asText())) {
                if (req.hasNonNull("card")) payWithCard(id, req.get("card").asText());
                ObjectNode out = JSON.createObjectNode();
                try {
                    simulateTap(id, !"failed".equals(req.path("outcome").asText("succeeded"))).forEach(out.putArray("delivered")::add);
                } catch (IllegalArgumentException e) {
                    return error(400, "invalid_request_error", null, e.getMessage());
                }
                return ok(out);
            }
            if ("subscription".equals(objects.get(id).path("object").asText())) {
                ObjectNode out = JSON.createObjectNode();
                try {
                    simulateSubscription(id, req.path("outcome").asText("setup")).forEach(out.putArray("delivered")::add);
                } catch (IllegalArgumentException e) {
                    return error(400, "invalid_request_error", null, e.getMessage());
                }
                return ok(out);
            }
            boolean succeeded = !"failed".equals(req.path("outcome").asText("succeeded"));
            // "card": the card number the shopper pays with (its fingerprint is the card's); none: a card of its own
            if (req.hasNonNull("card")) payWithCard(cardIntent(id), req.get("card").asText());
            // "deliver": false plays a webhook endpoint that was down: Stripe made the events, nobody received them
            List<String> delivered = req.path("deliver").asBoolean(true) ? simulate(id, succeeded) : simulateUndelivered(id, succeeded);
            ObjectNode out = JSON.createObjectNode();
            delivered.forEach(out.putArray("delivered")::add);
            return ok(out);
        } catch (IOException e) {
            return error(400, "invalid_request_error", null, "unreadable simulate request");
        }
    }

    /**
     * Plays the shopper paying (or failing to pay) a PaymentIntent or Checkout Session, then delivers the events
     * Stripe sends for it, signed, to the configured webhook URL. Returns "type status" lines, one per event.
     */
    public List<String> simulate(String objectId, boolean succeeded) {
        ObjectNode o = objects.get(objectId);
        if (o == null) throw new IllegalArgumentException("no such object " + objectId);
        List<ObjectNode> events = new ArrayList<>();
        if (o.get("object").asText().equals("checkout.session") && "subscription".equals(o.path("mode").asText())) {
            if (succeeded) {
                // the shopper subscribes on the page: Stripe makes the subscription, pays its first invoice, completes the session
                Map<String, String> params = new LinkedHashMap<>();
                o.get("x_subscription").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                ObjectNode sub;
                try {
                    sub = (ObjectNode) JSON.readTree(createSubscription(params).body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sub = objects.get(sub.get("id").asText());
                sub.put("status", "incomplete");
                events.add(event("customer.subscription.created", sub));
                events.addAll(payInvoice(objects.get(sub.path("latest_invoice").asText()), sub));
                o.put("status", "complete");
                o.put("payment_status", "paid");
                o.put("subscription", sub.get("id").asText());
                ObjectNode completed = o.deepCopy();
                completed.remove("x_subscription");
                events.add(event("checkout.session.completed", completed));
            }
        } else if (o.get("object").asText().equals("checkout.session")) {
            ObjectNode pi = objects.get(o.get("payment_intent").asText());
            if (succeeded) {
                succeed(pi.get("id").asText());
                o.put("status", "complete");
                o.put("payment_status", "paid");
                for (var d : o.path("discounts")) { // a coupon counts a redemption when the session is paid
                    ObjectNode c = objects.get(d.path("coupon").asText());
                    if (c != null) c.put("times_redeemed", c.get("times_redeemed").asLong() + 1);
                }
                events.add(event("checkout.session.completed", o));
                events.add(event("payment_intent.succeeded", pi));
            } else {
                events.add(event("payment_intent.payment_failed", fail(pi)));
            }
        } else {
            ObjectNode reader = objects.values().stream().filter(r -> "terminal.reader".equals(r.path("object").asText())
                    && objectId.equals(r.path("action").path("process_payment_intent").path("payment_intent").asText())).findFirst().orElse(null);
            if (reader != null) {
                ObjectNode a = (ObjectNode) reader.get("action");
                a.put("status", succeeded ? "succeeded" : "failed");
                if (!succeeded) {
                    a.put("failure_code", "card_declined");
                    a.put("failure_message", "Your card was declined.");
                }
                events.add(event(succeeded ? "terminal.reader.action_succeeded" : "terminal.reader.action_failed", reader));
            }
            if (succeeded) {
                succeed(objectId);
                events.add(event("payment_intent.succeeded", o));
                ObjectNode ch = charge(o);
                if (reader != null) {
                    ObjectNode details = ch.putObject("payment_method_details");
                    details.put("type", "card_present");
                    ObjectNode present = details.putObject("card_present").put("brand", "visa").put("last4", last4(objectId)).put("fingerprint", fingerprint(objectId));
                    if (o.hasNonNull("setup_future_usage") && o.hasNonNull("x_allow_redisplay")) {
                        // the tapped card kept for later: Stripe generates a reusable card, attached to the intent's customer
                        ObjectNode card = JSON.createObjectNode();
                        String pm = "pm_" + random(24);
                        card.put("id", pm).put("object", "payment_method").put("type", "card").put("customer", o.path("customer").asText(null));
                        card.putObject("card").put("brand", "visa").put("last4", last4(objectId)).put("fingerprint", fingerprint(objectId));
                        objects.put(pm, card);
                        present.put("generated_card", pm);
                    }
                }
                events.add(event("charge.succeeded", ch));
            } else {
                events.add(event("payment_intent.payment_failed", fail(o)));
            }
        }
        List<String> delivered = new ArrayList<>();
        for (ObjectNode e : events) delivered.add(e.get("type").asText() + " " + deliver(e));
        return delivered;
    }

    /** As {@link #simulate}, the events made (and listed by GET /v1/events) but delivered to nobody. */
    public List<String> simulateUndelivered(String objectId, boolean succeeded) {
        String saved = webhookUrl;
        synchronized (this) {
            webhookUrl = null;
            try {
                return simulate(objectId, succeeded);
            } finally {
                webhookUrl = saved;
            }
        }
    }

    /** A refund that fails after it was accepted (the card was closed...): the money is back on the charge. */
    public ObjectNode failRefund(String refundId) {
        ObjectNode r = objects.get(refundId);
        r.put("status", "failed");
        r.put("failure_reason", "expired_or_canceled_card");
        ObjectNode pi = objects.get(r.path("payment_intent").asText());
        if (pi != null) pi.put("x_refunded", pi.path("x_refunded").asLong() - r.path("amount").asLong());
        return r.deepCopy();
    }

    /** A refund made in the Stripe Dashboard (no metadata of ours); its events are delivered before this returns. */
    public List<String> dashboardRefund(String paymentIntentId, long amount) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("payment_intent", paymentIntentId);
        p.put("amount", Long.toString(amount));
        String saved = webhookUrl;
        webhookUrl = null; // deliver synchronously below, not in the background
        Answer a;
        try {
            a = createRefund(p);
        } finally {
            webhookUrl = saved;
        }
        try {
            return sendRefundEvents((ObjectNode) JSON.readTree(a.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> sendRefundEvents(ObjectNode refund) {
        ObjectNode pi = objects.get(refund.path("payment_intent").asText());
        List<String> delivered = new ArrayList<>();
        delivered.add("refund.created " + deliver(event("refund.created", refund)));
        if (pi != null) {
            ObjectNode ch = charge(pi);
            ch.put("amount_refunded", pi.path("x_refunded").asLong());
            ch.put("refunded", pi.path("x_refunded").asLong() >= pi.path("amount").asLong());
            delivered.add("charge.refunded " + deliver(event("charge.refunded", ch)));
        }
        return delivered;
    }

    private ObjectNode fail(ObjectNode pi) {
        pi.put("status", "requires_payment_method");
        ObjectNode err = pi.putObject("last_payment_error");
        err.put("type", "card_error");
        err.put("code", "card_declined");
        err.put("decline_code", "generic_decline");
        err.put("message", "Your card was declined.");
        return pi;
    }

    private ObjectNode charge(ObjectNode pi) {
        ObjectNode ch = fixture("charge");
        ch.put("id", pi.get("latest_charge").asText());
        ch.put("amount", pi.get("amount").asLong());
        ch.put("currency", pi.get("currency").asText());
        ch.put("payment_intent", pi.get("id").asText());
        ch.put("status", "succeeded");
        ch.put("paid", true);
        ch.set("metadata", pi.get("metadata").deepCopy());
        ch.remove("refunds"); // not embedded in events of current API versions
        objects.put(ch.get("id").asText(), ch); // readable back (GET /v1/charges/{id}, a PaymentIntent's expanded latest_charge)
        ObjectNode card = ch.putObject("payment_method_details").put("type", "card").putObject("card");
        card.put("brand", "visa");
        card.put("last4", last4(pi.get("id").asText()));
        card.put("fingerprint", fingerprint(pi.get("id").asText()));
        return ch;
    }

    /** The card number a payment was simulated with ({@code card} of /_standin/simulate), by PaymentIntent or SetupIntent id. */
    private final Map<String, String> cards = new ConcurrentHashMap<>();

    /**
     * The card's fingerprint, as Stripe gives one per card number and account: the same test card number always has the
     * same one; a payment simulated without a card number is paid by a card of its own (another shopper's), so
     * card-based linking never joins strangers.
     */
    private String fingerprint(String intentId) {
        String card = cards.computeIfAbsent(intentId, id -> "standin-card-" + random(12));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("fingerprint:" + card).getBytes(StandardCharsets.UTF_8));
            return "fp_" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String last4(String intentId) {
        String card = cards.get(intentId);
        return card != null && card.matches(".*\\d{4}") ? card.substring(card.length() - 4) : "4242";
    }

    /** Plays the next payment or tap of {@code intentId} with the card {@code cardNumber} (a test card number, e.g. 4242424242424242). */
    public void payWithCard(String intentId, String cardNumber) { cards.put(intentId, cardNumber.replaceAll("[ -]", "")); }

    /** Every event Stripe made, oldest first: what GET /v1/events lists (Stripe keeps 30 days of them). */
    private final List<ObjectNode> eventLog = Collections.synchronizedList(new ArrayList<>());

    private ObjectNode event(String type, ObjectNode object) {
        ObjectNode e = fixture("event");
        e.put("id", "evt_" + random(24));
        e.put("type", type);
        e.put("api_version", "2026-07-29.dahlia");
        e.put("created", Instant.now().getEpochSecond());
        e.put("livemode", false);
        ObjectNode data = e.putObject("data");
        data.set("object", object.deepCopy());
        eventLog.add(e);
        return e;
    }

    /**
     * GET /v1/events as the spec has it: newest first; {@code created[gte|gt|lte|lt]}; {@code type} (a trailing
     * {@code *} matches a group) or {@code types[]} (exact names, at most 20); {@code starting_after} (older than that
     * event) / {@code ending_before} (newer than that event, the page nearest to it); {@code limit} (1..100, default 10).
     */
    private Answer events(Map<String, String> p) {
        List<String> types = list(p, "types");
        if (types.size() > 20) return paramError("types", "parameter_invalid_array", "types accepts at most 20 event types");
        if (p.containsKey("type") && !types.isEmpty()) return paramError("types", "parameter_unknown", "give type or types, not both");
        String type = p.get("type");
        java.util.function.Predicate<ObjectNode> matches = e -> {
            String t = e.path("type").asText();
            long c = e.path("created").asLong();
            if (p.containsKey("created[gte]") && c < Long.parseLong(p.get("created[gte]"))) return false;
            if (p.containsKey("created[gt]") && c <= Long.parseLong(p.get("created[gt]"))) return false;
            if (p.containsKey("created[lte]") && c > Long.parseLong(p.get("created[lte]"))) return false;
            if (p.containsKey("created[lt]") && c >= Long.parseLong(p.get("created[lt]"))) return false;
            if (type != null) return type.endsWith("*") ? t.startsWith(type.substring(0, type.length() - 1)) : t.equals(type);
            return types.isEmpty() || types.contains(t);
        };
        List<ObjectNode> newestFirst;
        synchronized (eventLog) {
            newestFirst = new ArrayList<>(eventLog.stream().filter(matches).toList());
        }
        java.util.Collections.reverse(newestFirst);
        int limit = Math.max(1, Math.min(100, Integer.parseInt(p.getOrDefault("limit", "10"))));
        List<ObjectNode> page;
        boolean hasMore;
        if (p.containsKey("ending_before")) {
            int at = indexOf(newestFirst, p.get("ending_before"));
            List<ObjectNode> newer = at < 0 ? List.of() : newestFirst.subList(0, at);
            page = newer.subList(Math.max(0, newer.size() - limit), newer.size());
            hasMore = newer.size() > limit;
        } else {
            int from = 0;
            if (p.containsKey("starting_after")) {
                int at = indexOf(newestFirst, p.get("starting_after"));
                from = at < 0 ? newestFirst.size() : at + 1;
            }
            page = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
            hasMore = from + limit < newestFirst.size();
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        list.put("url", "/v1/events");
        list.put("has_more", hasMore);
        var data = list.putArray("data");
        page.forEach(data::add);
        return ok(list);
    }

    private static int indexOf(List<ObjectNode> events, String id) {
        for (int i = 0; i < events.size(); i++) if (id.equals(events.get(i).path("id").asText())) return i;
        return -1;
    }

    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());

    /** "type status object-id" of every event delivered to the webhook URL, in order. */
    public List<String> deliveries() { synchronized (delivered) { return List.copyOf(delivered); } }

    private int deliver(ObjectNode event) {
        int status = post(event);
        delivered.add(event.get("type").asText() + " " + status + " " + event.path("data").path("object").path("id").asText());
        return status;
    }

    private int post(ObjectNode event) {
        if (webhookUrl == null) return 0;
        String payload = event.toString();
        long t = Instant.now().getEpochSecond();
        try {
            String signature = "t=" + t + ",v1=" + com.stripe.net.Webhook.Util.computeHmacSha256(webhookSecret, t + "." + payload);
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(webhookUrl))
                    .header("Content-Type", "application/json; charset=utf-8").header("Stripe-Signature", signature)
                    .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Marks a PaymentIntent succeeded, as the shopper's payment would; returns it. */
    /** How many PaymentIntents Stripe holds for this order (by our metadata). */
    public long paymentIntentsFor(String orderId) {
        return objects.values().stream().filter(o -> "payment_intent".equals(o.path("object").asText())
                && orderId.equals(o.path("metadata").path("orderId").asText())).count();
    }

    public List<String> paymentIntentIdsFor(String orderId) {
        return objects.values().stream().filter(o -> "payment_intent".equals(o.path("object").asText())
                && orderId.equals(o.path("metadata").path("orderId").asText())).map(o -> o.path("id").asText()).toList();
    }

    public List<JsonNode> refundsOf(String paymentIntentId) {
        return objects.values().stream().filter(o -> "refund".equals(o.path("object").asText())
                && paymentIntentId.equals(o.path("payment_intent").asText())).map(o -> (JsonNode) o).toList();
    }

    public List<JsonNode> objects(String object) {
        return objects.values().stream().filter(o -> object.equals(o.path("object").asText())).map(o -> (JsonNode) o).toList();
    }

    /** How many refunds Stripe made for one of our refund bookings (by our metadata). */
    public long refundsFor(String refundId) {
        return objects.values().stream().filter(o -> "refund".equals(o.path("object").asText())
                && refundId.equals(o.path("metadata").path("refundId").asText())).count();
    }

    /** A PaymentIntent made for an order as our code would make it (a second attempt, in tests of what follows). */
    public String createPaymentIntentFor(String orderId, long amount, String currency) {
        return createPaymentIntent(Map.of("amount", Long.toString(amount), "currency", currency, "metadata[orderId]", orderId)).get("id").asText();
    }

    public ObjectNode succeed(String paymentIntentId) {
        ObjectNode pi = objects.get(paymentIntentId);
        pi.put("status", "succeeded");
        pi.put("amount_received", pi.get("amount").asLong());
        pi.put("latest_charge", "ch_" + random(24));
        return pi;
    }

    private ObjectNode fixture(String name) { return fixtures.get(name).deepCopy(); }

    private static ObjectNode metadata(Map<String, String> p, String prefix) {
        ObjectNode m = JSON.createObjectNode();
        p.forEach((k, v) -> { if (k.startsWith(prefix + "[")) m.put(k.substring(prefix.length() + 1, k.length() - 1), v); });
        return m;
    }

    private static List<String> list(Map<String, String> p, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 0; p.containsKey(name + "[" + i + "]"); i++) out.add(p.get(name + "[" + i + "]"));
        return out;
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> params = new TreeMap<>();
        if (raw == null || raw.isBlank()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static Answer ok(JsonNode o) { return new Answer(200, o.toString()); }

    private static Answer missing(String id) {
        return error(404, "invalid_request_error", "resource_missing", "No such object: '" + id + "'");
    }

    private static Answer error(int status, String type, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode err = e.putObject("error");
        err.put("type", type == null ? "api_error" : type);
        if (code != null) err.put("code", code);
        err.put("message", message);
        return new Answer(status, e.toString());
    }

    private static String random(int n) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
