package dev.unifiedcommerce.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "commerce.checkout")
public interface CheckoutConfig {
    /** How long stock is held for an online card payment. */
    @WithDefault("PT15M")
    Duration cardHold();

    /**
     * How long stock is held for a payment link; the Checkout Session expires at the same moment. Stripe requires
     * 30 minutes to 24 hours from the session's creation, so this is kept between 31 minutes and 23 hours.
     */
    @WithDefault("PT1H")
    Duration linkHold();

    /** How long stock is held while the shopper pays at a store's card reader. */
    @WithDefault("PT10M")
    Duration terminalHold();
}
