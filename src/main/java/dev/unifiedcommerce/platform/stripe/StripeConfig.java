package dev.unifiedcommerce.platform.stripe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "commerce.stripe")
public interface StripeConfig {
    /** The secret key (STRIPE_SECRET_KEY). Never logged; in AWS it comes from the secret store. */
    Optional<String> secretKey();

    /** In AWS: the SSM SecureString parameter holding the secret key (COMMERCE_STRIPE_SECRET_KEY_PARAMETER). */
    Optional<String> secretKeyParameter();

    /** Where stripe-java sends requests: unset for Stripe itself, the stand-in's URL locally and in tests. */
    Optional<String> apiBase();

    @WithDefault("2")
    int maxNetworkRetries();

    @WithDefault("PT3S")
    Duration connectTimeout();

    @WithDefault("PT8S")
    Duration readTimeout();

    /**
     * A function that only reads Stripe (the Reconciler, with a restricted read-only key): every write is refused here,
     * as an ambiguous answer, so what it decides stays owed to the FollowUps function, which holds the full key.
     */
    @WithDefault("false")
    boolean readOnly();

    /** Where a payment link sends the shopper after paying / giving up. */
    @WithDefault("https://example.com/order-complete")
    String linkSuccessUrl();

    @WithDefault("https://example.com/order-cancelled")
    String linkCancelUrl();
}
