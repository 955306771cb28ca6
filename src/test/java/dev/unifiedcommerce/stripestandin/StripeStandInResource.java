package dev.unifiedcommerce.stripestandin;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points every @QuarkusTest's stripe-java at the JVM's Stripe stand-in. */
public class StripeStandInResource implements QuarkusTestResourceLifecycleManager {
    private static StripeStandIn standIn;

    public static synchronized StripeStandIn standIn() {
        if (standIn == null) standIn = new StripeStandIn(0);
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("commerce.stripe.api-base", standIn().apiBase(), "commerce.stripe.secret-key", "sk_test_standin");
    }

    @Override
    public void stop() {
        // shared by every Quarkus start in this JVM
    }
}
