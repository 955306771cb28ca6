package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The customer pauses, resumes and cancels through the shop; Stripe stops or restarts billing, and ours follows Stripe. */
@QuarkusTest
class SubscriptionChangesTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    String active(String[] b) {
        var s = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        stripe.simulateSubscription(s.getString("stripeSubscriptionId"), "setup");
        return s.getString("subscriptionId");
    }

    com.fasterxml.jackson.databind.JsonNode atStripe(String id) {
        String stripeId = as(Tokens.admin()).get("/subscriptions/{id}", id).then().extract().path("stripeSubscriptionId");
        return stripe.object(stripeId).orElseThrow();
    }

    @Test
    void pausingVoidsTheComingInvoicesAtStripeAndResumingClearsIt() {
        String id = active(SubscriptionsHttpTest.blend());
        as(Tokens.channel()).post("/subscriptions/{id}/pause", id).then().statusCode(200).body("status", is("PAUSED"));
        assertThat(atStripe(id).get("pause_collection").get("behavior").asText()).isEqualTo("void");
        as(Tokens.channel()).post("/subscriptions/{id}/pause", id).then().statusCode(200).body("status", is("PAUSED")); // again: the same
        as(Tokens.channel()).post("/subscriptions/{id}/resume", id).then().statusCode(200).body("status", is("ACTIVE"));
        assertThat(atStripe(id).get("pause_collection").isNull()).isTrue();
    }

    @Test
    void cancellingEndsAtThePeriodsEndUnlessImmediately() {
        String[] b = SubscriptionsHttpTest.blend();
        String id = active(b);
        as(Tokens.staff(b[1])).post("/subscriptions/{id}/cancel", id).then().statusCode(200).body("status", is("ACTIVE"))
                .body("cancelAtPeriodEnd", is(true));
        assertThat(atStripe(id).get("cancel_at_period_end").asBoolean()).isTrue();
        as(Tokens.admin()).body(Map.of("immediately", true)).post("/subscriptions/{id}/cancel", id).then().statusCode(200).body("status", is("CANCELLED"));
        assertThat(atStripe(id).get("status").asText()).isEqualTo("canceled");
        as(Tokens.channel()).post("/subscriptions/{id}/resume", id).then().statusCode(409).body("type", containsString("subscription-ended"));
    }

    @Test
    void aSubscriptionNotPaidYetCannotPauseAndAnotherChannelCannotTouchIt() {
        String[] b = SubscriptionsHttpTest.blend();
        String id = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone()).getString("subscriptionId");
        as(Tokens.channel()).post("/subscriptions/{id}/pause", id).then().statusCode(409);
        as(Tokens.channel("another-shop")).post("/subscriptions/{id}/cancel", id).then().statusCode(404);
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("INCOMPLETE"));
    }

    @Test
    void aSubscriptionStripeExpiredBeforeItsFirstPaymentIsCancelled() {
        String[] b = SubscriptionsHttpTest.blend();
        var s = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        // 23 hours without the first payment: Stripe ends it as incomplete_expired and says so
        stripe.expireIncomplete(s.getString("stripeSubscriptionId"));
        as(Tokens.channel()).get("/subscriptions/{id}", s.getString("subscriptionId")).then().body("status", is("CANCELLED"));
    }
}
