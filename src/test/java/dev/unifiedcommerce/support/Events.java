package dev.unifiedcommerce.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.net.Webhook;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;

/** Stripe event payloads from the shared samples, adapted to our ids, signed as Stripe signs them. */
public final class Events {
    public static final String SECRET = "whsec_test_current";
    public static final String PREVIOUS_SECRET = "whsec_test_previous";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** A sample event (e.g. "synthesized-from-fixtures3/payment_intent.succeeded") with a fresh id, edited by {@code edit}. */
    public static ObjectNode sample(String name, Consumer<ObjectNode> edit) {
        try (InputStream in = Events.class.getResourceAsStream("/stripe/events/" + name + ".json")) {
            ObjectNode event = (ObjectNode) JSON.readTree(in);
            event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
            event.put("created", Instant.now().getEpochSecond());
            edit.accept((ObjectNode) event.get("data").get("object"));
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode paymentIntentSucceeded(String paymentIntentId, String orderId, long amount) {
        return sample("synthesized-from-fixtures3/payment_intent.succeeded", o -> {
            o.put("id", paymentIntentId);
            o.put("amount", amount);
            o.put("amount_received", amount);
            o.putObject("metadata").put("orderId", orderId);
        });
    }

    /** As above, in another currency than the sample's (usd). */
    public static ObjectNode paymentIntentSucceeded(String paymentIntentId, String orderId, long amount, String currency) {
        ObjectNode event = paymentIntentSucceeded(paymentIntentId, orderId, amount);
        ((ObjectNode) event.get("data").get("object")).put("currency", currency);
        return event;
    }

    public static ObjectNode sessionCompleted(String sessionId, String paymentIntentId, String orderId, long amount) {
        return sample("synthesized-from-fixtures3/checkout.session.completed", o -> {
            o.put("id", sessionId);
            o.put("payment_intent", paymentIntentId);
            o.put("amount_total", amount);
            o.put("client_reference_id", orderId);
            o.putObject("metadata").put("orderId", orderId);
        });
    }

    public static ObjectNode sessionExpired(String sessionId, String orderId) {
        return sample("synthesized-from-fixtures3/checkout.session.expired", o -> {
            o.put("id", sessionId);
            o.put("client_reference_id", orderId);
            o.putObject("metadata").put("orderId", orderId);
        });
    }

    public static String header(String payload, String secret, long timestamp) {
        try {
            return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response deliver(ObjectNode event) { return deliver(event.toString(), SECRET, Instant.now().getEpochSecond()); }

    public static Response deliver(String payload, String secret, long timestamp) {
        return given().contentType(ContentType.JSON).header("Stripe-Signature", header(payload, secret, timestamp))
                .body(payload.getBytes(StandardCharsets.UTF_8)).post("/webhooks/stripe");
    }
}
