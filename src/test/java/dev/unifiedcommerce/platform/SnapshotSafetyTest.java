package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.platform.snapshot.SnapshotSafety;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;


import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * SnapStart: what a snapshot must not carry (the Stripe client and its key; secrets read from SSM are covered in
 * SecretsTest), and a function restored from one serving as before.
 */
@QuarkusTest
class SnapshotSafetyTest {
    @Inject SnapshotSafety snapshot;
    @Inject StripeApi stripe;

    @Test
    void bothHooksThenARequestTheRestoredFunctionSellsAsBefore() {
        String[] s = seeded(5);
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201);
        assertThat(stripe.holdsClient()).isTrue();

        snapshot.beforeCheckpoint(null);
        assertThat(stripe.holdsClient()).isFalse();

        snapshot.afterRestore(null);
        String first = Ids.newId("t"), second = Ids.newId("t");
        assertThat(first).isNotEqualTo(second).matches("t_[0-9a-z]{20}");
        as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(201)
                .body("payment.paymentIntentId", startsWith("pi_"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().statusCode(200).body("locations[0].reserved", is(2));
    }
}
