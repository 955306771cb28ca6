package dev.unifiedcommerce.stripestandin;

import dev.unifiedcommerce.support.Events;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks one test turned on never reach the next: the suite resets the stand-in around every test. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandInResetTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @Test
    @Order(1)
    void aTestTurnsWebhooksOnAndLeavesThemOn() {
        stripe.sendEventsTo("http://127.0.0.1:9/webhooks/stripe", Events.SECRET);
        assertThat(stripe.sendsEvents()).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestStartsWithWebhooksOff() {
        assertThat(stripe.sendsEvents()).isFalse();
    }
}
