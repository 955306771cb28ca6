package dev.unifiedcommerce.platform;

import com.sun.net.httpserver.HttpServer;
import dev.unifiedcommerce.payment.WebhookConfig;
import dev.unifiedcommerce.payment.stripe.SignedEvents;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.pagination.Cursors;
import dev.unifiedcommerce.platform.secrets.SealingKeys;
import dev.unifiedcommerce.platform.secrets.Secrets;
import dev.unifiedcommerce.platform.snapshot.SnapshotSafety;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.platform.stripe.StripeConfig;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets come from the environment locally and from SSM Parameter Store in AWS, read at first use and cached. */
class SecretsTest {
    HttpServer ssm;
    final List<String> asked = new ArrayList<>();
    volatile String value = "sk_test_from_ssm";
    volatile boolean ssmDown;

    @BeforeEach
    void start() throws Exception {
        // SSM's JSON protocol: POST / with X-Amz-Target AmazonSSM.GetParameter
        ssm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        ssm.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            asked.add(ex.getRequestHeaders().getFirst("X-Amz-Target") + " " + body);
            if (ssmDown) {
                byte[] err = "{\"__type\":\"InternalServerError\",\"message\":\"down\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                ex.sendResponseHeaders(500, err.length);
                ex.getResponseBody().write(err);
                ex.close();
                return;
            }
            byte[] out = ("{\"Parameter\":{\"Name\":\"/uc/stripe\",\"Type\":\"SecureString\",\"Value\":\"" + value + "\",\"Version\":1}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        ssm.start();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", "us-east-1");
    }

    @AfterEach
    void stop() { ssm.stop(0); }

    /** Stripe configured with its key in SSM (/uc/stripe), talking to the stand-in at {@code apiBase}. */
    static StripeConfig stripeKeyInSsm(String apiBase) {
        return new StripeConfig() {
            @Override public Optional<String> secretKey() { return Optional.empty(); }
            @Override public Optional<String> secretKeyParameter() { return Optional.of("/uc/stripe"); }
            @Override public Optional<String> apiBase() { return Optional.of(apiBase); }
            @Override public int maxNetworkRetries() { return 0; }
            @Override public Duration connectTimeout() { return Duration.ofSeconds(2); }
            @Override public Duration readTimeout() { return Duration.ofSeconds(2); }
            @Override public boolean readOnly() { return false; }
            @Override public String linkSuccessUrl() { return "https://example.com/ok"; }
            @Override public String linkCancelUrl() { return "https://example.com/no"; }
        };
    }

    Secrets secrets(Duration cacheFor) {
        String endpoint = "http://127.0.0.1:" + ssm.getAddress().getPort();
        return new Secrets(new Secrets.SecretsConfig() {
            @Override public Duration cacheFor() { return cacheFor; }
            @Override public Optional<String> ssmEndpoint() { return Optional.of(endpoint); }
        }, Clock.systemUTC());
    }

    @Test
    void aValueFromTheEnvironmentIsUsedAsIsAndSsmIsNotAsked() {
        assertThat(secrets(Duration.ofMinutes(5)).resolve(Optional.of("sk_test_env"), Optional.of("/uc/stripe"))).contains("sk_test_env");
        assertThat(asked).isEmpty();
    }

    @Test
    void aParameterIsReadDecryptedAtFirstUseAndCached() {
        Secrets s = secrets(Duration.ofMinutes(5));
        assertThat(s.resolve(Optional.empty(), Optional.of("/uc/stripe"))).contains("sk_test_from_ssm");
        assertThat(s.resolve(Optional.empty(), Optional.of("/uc/stripe"))).contains("sk_test_from_ssm");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst()).startsWith("AmazonSSM.GetParameter").contains("\"WithDecryption\":true").contains("/uc/stripe");
    }

    @Test
    void aRotatedValueIsPickedUpOnceTheCacheLapses() {
        Secrets s = secrets(Duration.ZERO);
        assertThat(s.resolve(Optional.empty(), Optional.of("/uc/stripe"))).contains("sk_test_from_ssm");
        value = "sk_test_rotated";
        assertThat(s.resolve(Optional.empty(), Optional.of("/uc/stripe"))).contains("sk_test_rotated");
    }

    @Test
    void afterAKeyRollInSsmTheStripeClientFollowsAtOnceWhenStripeRefusesTheOldKey() throws Exception {
        try (var stripe = new StripeStandIn(0)) {
            value = "sk_test_old_key";
            Secrets secrets = secrets(Duration.ofMinutes(5));
            var config = stripeKeyInSsm(stripe.apiBase());
            var api = new StripeApi(config, secrets,
                    new Metrics(() -> false, Clock.systemUTC()));
            var params = com.stripe.param.RefundListParams.builder().setLimit(1L).build();
            api.call("list Refunds", () -> api.client().v1().refunds().list(params));
            assertThat(stripe.keysSeen()).containsExactly("sk_test_old_key");

            // rolled in SSM and at Stripe; the 5-minute cache still holds the old key
            value = "sk_test_new_key";
            stripe.revoke("sk_test_old_key");
            api.call("list Refunds", () -> api.client().v1().refunds().list(params));
            assertThat(stripe.keysSeen()).contains("sk_test_new_key");
            assertThat(asked).hasSize(2);
        }
    }

    @Test
    void aSnapshotCarriesNoSecretSoARestoredFunctionUsesTheKeyOfTheDayItRuns() throws Exception {
        try (var stripe = new StripeStandIn(0)) {
            value = "sk_test_at_snapshot";
            Secrets secrets = secrets(Duration.ofHours(1));
            var config = stripeKeyInSsm(stripe.apiBase());
            var api = new StripeApi(config, secrets,
                    new Metrics(() -> false, Clock.systemUTC()));
            var cursors = new Cursors(new SealingKeys(new SealingKeys.SealingKeyConfig() {
                @Override public Optional<String> key() { return Optional.empty(); }
                @Override public Optional<String> keyParameter() { return Optional.of("/uc/cursor"); }
            }, secrets));
            var snapshot = new SnapshotSafety(secrets, api, cursors);
            var params = com.stripe.param.RefundListParams.builder().setLimit(1L).build();
            api.call("list Refunds", () -> api.client().v1().refunds().list(params)); // a priming call before the snapshot
            assertThat(secrets.cached()).isEqualTo(1);

            snapshot.beforeCheckpoint(null);
            assertThat(secrets.cached()).isZero();
            assertThat(api.holdsClient()).isFalse();

            // restored days later: the key was rolled meanwhile; the first call reads it, the old one is never used again
            value = "sk_test_on_restore";
            snapshot.afterRestore(null);
            api.call("list Refunds", () -> api.client().v1().refunds().list(params));
            assertThat(stripe.keysSeen()).containsExactlyInAnyOrder("sk_test_at_snapshot", "sk_test_on_restore");
            assertThat(asked).hasSize(2);
        }
    }

    /** A clock the test moves: the secrets' cache ages without waiting. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Webhook verification against the fake SSM with a clock the test moves, and one event to sign. */
    record Webhooks(TestClock clock, SignedEvents signed, String event) {
        byte[] body() { return event.getBytes(StandardCharsets.UTF_8); }

        String signedWith(String secret) {
            long t = clock.instant().getEpochSecond();
            return "t=" + t + ",v1=" + uncheckedHmac(secret, t + "." + event);
        }
    }

    Webhooks webhooks(String eventId) {
        TestClock clock = new TestClock();
        String endpoint = "http://127.0.0.1:" + ssm.getAddress().getPort();
        Secrets secrets = new Secrets(new Secrets.SecretsConfig() {
            @Override public Duration cacheFor() { return Duration.ofMinutes(5); }
            @Override public Optional<String> ssmEndpoint() { return Optional.of(endpoint); }
        }, clock);
        var webhook = new WebhookConfig() {
            @Override public Optional<List<String>> secrets() { return Optional.empty(); }
            @Override public Optional<String> secretsParameter() { return Optional.of("/uc/webhook"); }
            @Override public Duration tolerance() { return Duration.ofMinutes(5); }
        };
        var signed = new SignedEvents(webhook, new com.fasterxml.jackson.databind.ObjectMapper(), clock, secrets);
        return new Webhooks(clock, signed, "{\"id\":\"" + eventId + "\",\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"id\":\"ch_1\",\"object\":\"charge\"}}}");
    }

    @Test
    void afterAWebhookSecretRollTheFirstEventSignedWithTheNewSecretIsAcceptedAtOnce() throws Exception {
        Webhooks w = webhooks("evt_1");
        TestClock clock = w.clock();
        var signed = w.signed();
        byte[] body = w.body();
        Function<String, String> signedWith = w::signedWith;

        value = "whsec_old";
        signed.verify(body, signedWith.apply("whsec_old"));
        value = "whsec_new"; // rolled in the Dashboard and in SSM; the cache still holds the old one
        clock.now = clock.now.plusSeconds(60);

        signed.verify(body, signedWith.apply("whsec_new"));
        assertThat(asked).hasSize(2);

        // a forged signature right after does not make every request an SSM read
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signed.verify(body, signedWith.apply("whsec_forged")))
                .isInstanceOf(Rejected.class);
        assertThat(asked).hasSize(2);
    }

    @Test
    void whenSsmFailsDuringTheReReadAForgedEventIsStill400AndTheCachedSecretKeepsWorking() {
        Webhooks w = webhooks("evt_2");
        TestClock clock = w.clock();
        var signed = w.signed();
        byte[] body = w.body();
        Function<String, String> signedWith = w::signedWith;
        value = "whsec_current";
        signed.verify(body, signedWith.apply("whsec_current"));
        clock.now = clock.now.plusSeconds(60);
        ssmDown = true;

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signed.verify(body, signedWith.apply("whsec_forged")))
                .isInstanceOfSatisfying(Rejected.class, p -> assertThat(p.kind()).isEqualTo(Rejected.Kind.INVALID));
        int reads = asked.size();
        signed.verify(body, signedWith.apply("whsec_current"));
        assertThat(asked).hasSize(reads); // still cached: a real event does not need SSM
    }

    private static String uncheckedHmac(String secret, String message) {
        try {
            return com.stripe.net.Webhook.Util.computeHmacSha256(secret, message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noValueAndNoParameterIsEmpty() {
        assertThat(secrets(Duration.ofMinutes(5)).resolve(Optional.of(" "), Optional.empty())).isEmpty();
    }
}
