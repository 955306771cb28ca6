package dev.unifiedcommerce.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Outbox;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** A subscription sold over SMS: the shopper subscribes on Stripe's page, and the first delivery ships when it is paid. */
@QuarkusTest
class SubscriptionLinkTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() {
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);
    }

    static JsonPath byLink(String[] b, String phone) {
        Map<String, Object> body = SubscriptionsHttpTest.monthly(b, Map.of("phone", phone, "name", "Aiko"));
        body.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", phone)));
        return as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(body).post("/subscriptions").then().statusCode(201)
                .body("status", is("INCOMPLETE")).body("payment.method", is("LINK")).body("payment.url", startsWith("http"))
                .body("stripeSubscriptionId", nullValue()).extract().jsonPath();
    }

    @Test
    void aPaymentLinkBySmsOpensASubscriptionModeSessionAndItsPaymentShipsTheFirstDelivery() throws IOException {
        String[] b = SubscriptionsHttpTest.blend();
        String phone = SubscriptionRenewalsTest.phone();
        JsonPath s = byLink(b, phone);
        String id = s.getString("subscriptionId"), session = s.getString("payment.checkoutSessionId");
        JsonNode cs = stripe.object(session).orElseThrow();
        assertThat(cs.get("mode").asText()).isEqualTo("subscription");
        assertThat(cs.get("amount_total").asLong()).isEqualTo(3200);
        try (Stream<Path> files = Files.list(Outbox.sms())) {
            String sms = files.filter(f -> f.getFileName().toString().startsWith(id)).findFirst().map(SubscriptionLinkTest::read).orElseThrow();
            assertThat(sms).contains(s.getString("payment.url")).contains("every month");
        }

        assertThat(stripe.simulate(session, true)).contains("checkout.session.completed 200", "invoice.paid 200");
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("status", is("ACTIVE")).body("stripeSubscriptionId", startsWith("sub_"))
                .body("deliveries", is(1)).body("payment.url", nullValue());
        assertThat(SubscriptionRenewalsTest.onHand(b[0], b[1])).isEqualTo(8);
        String stripeId = as(Tokens.channel()).get("/subscriptions/{id}", id).then().extract().path("stripeSubscriptionId");
        assertThat(stripe.object(stripeId).orElseThrow().get("metadata").get("subscriptionId").asText()).isEqualTo(id);
        stripe.simulateSubscription(stripeId, "renewed");
        as(Tokens.channel()).get("/subscriptions/{id}", id).then().body("deliveries", is(2));
    }

    @Test
    void aLinkThatExpiresUnpaidCancelsTheSubscription() {
        String[] b = SubscriptionsHttpTest.blend();
        JsonPath s = byLink(b, SubscriptionRenewalsTest.phone());
        assertThat(stripe.expireSession(s.getString("payment.checkoutSessionId"))).isEqualTo("checkout.session.expired 200");
        as(Tokens.channel()).get("/subscriptions/{id}", s.getString("subscriptionId")).then().body("status", is("CANCELLED"))
                .body("problem", containsString("expired"));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
