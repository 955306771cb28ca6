package dev.unifiedcommerce.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/**
 * Stripe does not promise order. For one payment-link order that was paid and then refunded in full (Dashboard),
 * every delivery order of {payment succeeded, charge refunded, session expired} ends in the in-order state:
 * REFUNDED, the unit sold once, points earned and taken back, each effect once.
 */
@QuarkusTest
class EventOrderingTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SRE", "SER", "RSE", "RES", "ESR", "ERS"})
    void everyOrderingConvergesToTheInOrderState(String ordering) {
        String[] s = seeded(3);
        String phone = Phones.unique("+8150");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 1));
        body.put("customer", Map.of("phone", phone));
        body.put("channel", "SOCIAL");
        body.put("payment", Map.of("method", "LINK"));
        JsonPath link = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = link.getString("orderId"), sessionId = link.getString("payment.checkoutSessionId");
        String pi = stripe.object(sessionId).orElseThrow().get("payment_intent").asText();
        // what happened at Stripe: paid, then refunded in full from the Dashboard
        stripe.succeed(pi);
        stripe.dashboardRefund(pi, 1200);

        for (char c : ordering.toCharArray()) {
            ObjectNode event = switch (c) {
                case 'S' -> Events.paymentIntentSucceeded(pi, orderId, 1200);
                case 'R' -> Events.sample("synthesized-from-fixtures3/charge.refunded", ch -> {
                    ch.put("payment_intent", pi);
                    ch.put("amount", 1200);
                    ch.put("amount_refunded", 1200);
                    ch.remove("refunds");
                });
                default -> Events.sessionExpired(sessionId, orderId);
            };
            Events.deliver(event).then().statusCode(200);
        }

        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("status", is("REFUNDED")).body("refunded.amount", is(1200))
                .body("timeline.findAll { it.type == 'PAID' }.size()", is(1))
                .body("timeline.findAll { it.type == 'REFUNDED_OUTSIDE' }.size()", is(1));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(2))
                .body("locations[0].reserved", is(0)).body("locations[0].available", is(2));
        as(Tokens.admin()).queryParam("phone", phone).get("/customers").then().body("loyaltyPoints", is(0))
                .body("loyalty.points", containsInAnyOrder(12, -12));
    }
}
