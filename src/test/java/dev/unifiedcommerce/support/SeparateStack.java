package dev.unifiedcommerce.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The suite's one test profile, for what cannot be switched in a running application: a table of its own (the
 * Reconciler drill reads every event the stand-in made and compares every order it finds), SMS through an Amazon SNS
 * that cannot be reached, and chat webhooks on this machine allowed (refused everywhere else, as in AWS). The classes
 * that need any of it share one boot; every other class runs in the default application.
 */
public class SeparateStack implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("commerce.table.name", "commerce-separate",
                "commerce.reconciler.first-look-back", "PT10M",
                "commerce.notify.mode", "sns", "commerce.notify.sns-endpoint", "http://127.0.0.1:9", "commerce.notify.sns-region", "us-east-1",
                "commerce.notify.allow-private-chat-urls", "true");
    }
}
