package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.LogCapture;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever happens, the logs carry no bearer token, no Stripe key or client secret, no webhook signing secret, no
 * connection token, and no shopper's phone number or e-mail: a whole day's flows run with every log record captured.
 */
@QuarkusTest
class NoSecretsInLogsTest {
    final LogCapture logs = new LogCapture();

    @BeforeEach
    void attach() { logs.attach(); }

    @AfterEach
    void detach() { logs.detach(); }

    @Test
    void aDayOfFlowsLogsNoSecretAndNoPersonalData() {
        String[] s = seeded(5);
        String token = Tokens.channel();
        String phone = "+819087654321", email = "private.person@example.org";
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 2));
        body.put("customer", Map.of("phone", phone, "email", email, "name", "Private Person"));
        JsonPath o = as(token).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String clientSecret = o.getString("payment.clientSecret");
        StripeStandInResource.standIn().succeed(o.getString("payment.paymentIntentId"));
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 2400)).then().statusCode(200);
        Events.deliver(Events.paymentIntentSucceeded("pi_x", "ord_x", 1).put("id", "evt_bad").toString(), "whsec_wrong", System.currentTimeMillis() / 1000)
                .then().statusCode(400);
        as(Tokens.admin()).queryParam("phone", phone).get("/customers").then().statusCode(200);
        as(Tokens.staff("x")).body(Map.of("amount", Map.of("amount", 100, "currency", "usd"))).post("/orders/{id}/refunds", o.getString("orderId")).then().statusCode(201);
        Map<String, Object> link = new HashMap<>(body);
        link.put("payment", Map.of("method", "LINK", "sendTo", Map.of("sms", phone)));
        as(token).body(link).post("/checkouts").then().statusCode(201);
        as(Tokens.admin()).post("/terminal/locations/{id}", s[1]).then().statusCode(200);
        String connection = as(Tokens.admin()).body(Map.of("locationId", s[1])).post("/terminal/connection-tokens").then().statusCode(201).extract().path("secret");
        StripeStandInResource.standIn().failNext("/v1/payment_intents", 1, 400, "invalid_request_error", "amount_too_small");
        as(token).body(cardCheckout(s[0], s[1], 1)).post("/checkouts").then().statusCode(502);
        as("not-a-jwt").get("/locations").then().statusCode(401);

        assertThat(logs.lines()).isNotEmpty();
        assertThat(logs.all()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain("sk_test_standin").doesNotContain(Events.SECRET).doesNotContain(Events.PREVIOUS_SECRET)
                .doesNotContain(clientSecret).doesNotContain(connection)
                .doesNotContain(phone).doesNotContain("9087654321").doesNotContain(email).doesNotContain("Private Person");
    }
}
