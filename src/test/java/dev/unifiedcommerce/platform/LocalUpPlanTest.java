package dev.unifiedcommerce.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Stripe `scripts/local-up` runs against: its own stand-in, any Stripe-compatible server at STRIPE_API_BASE, or
 * Stripe test mode. `--plan` says so and starts nothing (the full stack is run by the smoke checks, not by unit tests).
 */
class LocalUpPlanTest {
    record Run(int exit, List<String> lines, String err) {}

    static Run plan(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/local-up", "--plan");
        pb.environment().remove("STRIPE_API_BASE");
        pb.environment().remove("STRIPE_SECRET_KEY");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out.lines().toList(), err);
    }

    @Test
    void withNothingSetTheStackRunsItsOwnStandIn() throws Exception {
        assertThat(plan(Map.of()).lines()).containsExactly("stripe_api_base=http://127.0.0.1:12111", "stripe_key_kind=sk_test_", "standin=yes");
    }

    @Test
    void aStripeCompatibleBaseUrlIsUsedInsteadOfTheStandInAndOfStripe() throws Exception {
        Run r = plan(Map.of("STRIPE_API_BASE", "http://127.0.0.1:12112"));
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).containsExactly("stripe_api_base=http://127.0.0.1:12112", "stripe_key_kind=sk_test_", "standin=no");
    }

    @Test
    void aTestKeyAloneMeansStripeTestModeAndTheKeyIsNeverPrinted() throws Exception {
        Run r = plan(Map.of("STRIPE_SECRET_KEY", "sk_test_secretpart123"));
        assertThat(r.lines()).containsExactly("stripe_api_base=https://api.stripe.com", "stripe_key_kind=sk_test_", "standin=no");
        assertThat(String.join("\n", r.lines()) + r.err()).doesNotContain("secretpart123");
    }

    @Test
    void aLiveKeyOrANonHttpBaseIsRefused() throws Exception {
        assertThat(plan(Map.of("STRIPE_SECRET_KEY", "sk_live_x")).exit()).isEqualTo(1);
        Run r = plan(Map.of("STRIPE_API_BASE", "ftp://stripe.example"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).containsExactly("[local-up] STRIPE_API_BASE must be an http(s) URL");
    }
}
