package dev.unifiedcommerce.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "commerce.stripe.webhook")
public interface WebhookConfig {
    /**
     * The endpoint's signing secrets (whsec_...). Two while rotating: the old one until Stripe stops using it.
     * From STRIPE_WEBHOOK_SECRETS (comma-separated); in AWS from the secret store. Never logged.
     */
    Optional<List<String>> secrets();

    /** In AWS: the SSM SecureString parameter holding them, comma-separated (COMMERCE_STRIPE_WEBHOOK_SECRETS_PARAMETER). */
    Optional<String> secretsParameter();

    /** How old (or how far in the future) a signed timestamp may be. */
    @WithDefault("PT300S")
    Duration tolerance();
}
