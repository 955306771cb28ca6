package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.followup.FollowUps;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** A period paid while the warehouse is empty is still the customer's: it waits, and ships first when stock arrives. */
@QuarkusTest
class BackordersTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();
    @Inject FollowUps followUps;

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    static String fulfilment(String orderId, String store) {
        return as(Tokens.staff(store)).get("/orders/{id}", orderId).then().statusCode(200).extract().path("fulfilment.status");
    }

    static String lastDelivery(String subscriptionId) {
        return as(Tokens.admin()).get("/subscriptions/{id}", subscriptionId).then().statusCode(200).extract().path("lastOrderId");
    }

    static List<String> queue(String store, String status) {
        return as(Tokens.staff(store)).queryParam("fulfilment", status).get("/locations/{id}/orders", store).then().statusCode(200)
                .extract().jsonPath().getList("items.orderId");
    }

    @Test
    void aRenewalWithoutStockIsBackorderedAndTheOldestShipsFirstWhenStockArrives() {
        String[] b = SubscriptionsHttpTest.blend(); // 10 in the warehouse
        var a = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        var c = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        String first = a.getString("stripeSubscriptionId"), second = c.getString("stripeSubscriptionId");
        stripe.simulateSubscription(first, "setup");
        stripe.simulateSubscription(second, "setup");
        stock(b[0], b[1], 0); // sold out

        stripe.simulateSubscription(first, "renewed");
        stripe.simulateSubscription(second, "renewed");
        String older = lastDelivery(a.getString("subscriptionId")), newer = lastDelivery(c.getString("subscriptionId"));
        List<String> waiting = queue(b[1], "BACKORDERED");
        assertThat(waiting).containsSubsequence(older, newer);
        as(Tokens.staff(b[1])).get("/orders/{id}", older).then().body("status", is("PAID")).body("fulfilment.status", is("BACKORDERED"));
        // a backordered delivery cannot be marked shipped by hand: nothing left the warehouse for it
        as(Tokens.staff(b[1])).body(Map.of("status", "SHIPPED")).post("/orders/{id}/fulfilment", older).then().statusCode(409);

        followUps.run(); // still nothing in stock: both wait
        assertThat(queue(b[1], "BACKORDERED")).contains(older, newer);

        stock(b[0], b[1], 2); // enough for one delivery of 2
        followUps.run();
        assertThat(fulfilment(older, b[1])).isEqualTo("NONE");
        assertThat(fulfilment(newer, b[1])).isEqualTo("BACKORDERED");
        assertThat(queue(b[1], "NONE")).contains(older);
        assertThat(SubscriptionRenewalsTest.onHand(b[0], b[1])).isZero();

        stock(b[0], b[1], 3);
        followUps.run();
        assertThat(fulfilment(newer, b[1])).isEqualTo("NONE");
        assertThat(SubscriptionRenewalsTest.onHand(b[0], b[1])).isEqualTo(1);
        assertThat(queue(b[1], "BACKORDERED")).doesNotContain(older, newer);
    }

    @Test
    void aBackorderedDeliveryIsRefundedWholeAndNotRestockedAndANewOneWaitsBehindIt() {
        String[] b = SubscriptionsHttpTest.blend();
        var a = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        stripe.simulateSubscription(a.getString("stripeSubscriptionId"), "setup");
        stock(b[0], b[1], 0);
        stripe.simulateSubscription(a.getString("stripeSubscriptionId"), "renewed");
        String waiting = lastDelivery(a.getString("subscriptionId"));
        // part of it refunded would still ship whole; restocking would add goods that never left
        as(Tokens.staff(b[1])).body(Map.of("lines", List.of(Map.of("sku", b[0], "quantity", 1)))).post("/orders/{id}/refunds", waiting)
                .then().statusCode(422).body("field", is("lines"));
        as(Tokens.staff(b[1])).body(Map.of("lines", List.of(Map.of("sku", b[0], "quantity", 2)), "restockLocationId", b[1]))
                .post("/orders/{id}/refunds", waiting).then().statusCode(422).body("field", is("restockLocationId"));

        // stock arrives, but before the FollowUps pass another customer's renewal is paid: it waits behind the older one
        stock(b[0], b[1], 2);
        var c = SubscriptionRenewalsTest.subscribe(b, SubscriptionRenewalsTest.phone());
        stripe.simulateSubscription(c.getString("stripeSubscriptionId"), "setup");
        assertThat(fulfilment(lastDelivery(c.getString("subscriptionId")), b[1])).isEqualTo("BACKORDERED");
        followUps.run();
        assertThat(fulfilment(waiting, b[1])).isEqualTo("NONE");
        assertThat(fulfilment(lastDelivery(c.getString("subscriptionId")), b[1])).isEqualTo("BACKORDERED");
    }
}
