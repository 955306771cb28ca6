package dev.unifiedcommerce.platform.time;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/**
 * A Stripe call that could not finish before the function's time runs out is not started: the request answers in time
 * (503 with the order kept, or a refund PENDING), and its follow-up asks Stripe later with time to spare.
 */
@QuarkusTest
class TimeBudgetTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    /**
     * From here on, requests run in a function of 3.5 s with a 1 s margin, counted from the first of them: 2.5 s left, and
     * a Stripe call needs its connect timeout (2 s) and a second to be started. Without the margin it would be started.
     * (The budget is a request's bean: this stands in for it, instead of a second application with a short timeout.)
     */
    static void inAShortFunction() {
        QuarkusMock.installMockForType(new Budget(new BudgetTest.Config(Duration.ofMillis(3_500), Duration.ofSeconds(1), false),
                Clock.systemUTC(), Optional::empty), Budget.class);
    }

    @Test
    void aCheckoutWithNoTimeLeftForStripeAnswers503InTimeAndKeepsItsOrder() {
        String[] s = seeded(2);
        inAShortFunction();
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
