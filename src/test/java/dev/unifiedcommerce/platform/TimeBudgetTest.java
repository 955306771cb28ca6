package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * A Stripe call that could not finish before the function's time runs out is not started: the request answers in time
 * (503 with the order kept, or a refund PENDING), and its follow-up asks Stripe later with time to spare.
 */
@QuarkusTest
@TestProfile(TimeBudgetTest.ShortFunction.class)
class TimeBudgetTest {
    /** A function with 2.5 s, a 1 s margin, and Stripe connections that may take 1 s: no room for a Stripe call. */
    public static class ShortFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("commerce.budget.function-timeout", "PT2.5S", "commerce.budget.margin", "PT1S",
                    "commerce.stripe.connect-timeout", "PT1S", "commerce.stripe.read-timeout", "PT5S");
        }
    }

    final StripeStandIn stripe = StripeStandInResource.standIn();

    @Test
    void aCheckoutWithNoTimeLeftForStripeAnswers503InTimeAndKeepsItsOrder() {
        String[] s = seeded(2);
        int before = stripe.requests().size();
        long started = System.nanoTime();
        String orderId = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("orderId", startsWith("ord_")).extract().path("orderId");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_500);
        assertThat(stripe.requests().subList(before, stripe.requests().size())).isEmpty(); // nothing sent, nothing to settle but the start
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("AWAITING_PAYMENT"));
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }
}
