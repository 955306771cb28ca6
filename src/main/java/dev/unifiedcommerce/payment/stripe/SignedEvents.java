package dev.unifiedcommerce.payment.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.unifiedcommerce.payment.StripeEvent;
import dev.unifiedcommerce.payment.WebhookConfig;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.secrets.Secrets;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Verifies Stripe-Signature on the exact bytes received (stripe-java's check: HMAC-SHA256 of "t.payload", any
 * of several v1 signatures, any of the configured secrets), refuses timestamps outside the tolerance in either
 * direction, then reads the event.
 */
@ApplicationScoped
public class SignedEvents {
    private static final Duration REREAD_AT_MOST_EVERY = Duration.ofSeconds(30);
    private final WebhookConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final Secrets secrets;

    public SignedEvents(WebhookConfig config, ObjectMapper json, Clock clock, Secrets secrets) {
        this.secrets = secrets;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    public StripeEvent verify(byte[] body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) throw bad("Stripe-Signature", "the Stripe-Signature header is missing");
        String payload = new String(body, StandardCharsets.UTF_8);
        long tolerance = config.tolerance().toSeconds();
        long signedAt = timestamp(signatureHeader);
        if (signedAt > clock.millis() / 1000 + tolerance) throw bad("Stripe-Signature", "the signature's timestamp is in the future");
        boolean verified = signedByOneOf(signingSecrets(), payload, signatureHeader, tolerance);
        // A secret rolled in the Dashboard and in SSM moments ago: read it again at once (at most every 30 s) rather
        // than refuse Stripe's events for up to the 5 minutes the cache keeps it
        if (!verified && secrets.rereadIfOlderThan(config.secretsParameter(), REREAD_AT_MOST_EVERY)) {
            verified = signedByOneOf(signingSecrets(), payload, signatureHeader, tolerance);
        }
        if (!verified) throw bad("Stripe-Signature", "no signature matches the payload");
        try {
            JsonNode event = json.readTree(body);
            if (event == null || !event.path("id").isTextual() || !event.path("type").isTextual() || !event.path("data").path("object").isObject()) {
                throw bad("body", "not a Stripe event");
            }
            return EventReader.read(event.get("id").asText(), event.get("type").asText(), event.get("data").get("object"), event.path("created").asLong(0));
        } catch (IOException e) {
            throw bad("body", "the body is not JSON");
        }
    }

    private List<String> signingSecrets() {
        List<String> found = secrets.resolve(config.secrets().map(l -> String.join(",", l)), config.secretsParameter())
                .map(v -> List.of(v.split(","))).orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (found.isEmpty()) throw new IllegalStateException("no webhook signing secret is configured");
        return found;
    }

    private boolean signedByOneOf(List<String> signingSecrets, String payload, String signatureHeader, long tolerance) {
        for (String secret : signingSecrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, signatureHeader, secret, tolerance, clock)) return true;
            } catch (SignatureVerificationException e) {
                if (e.getMessage() != null && e.getMessage().contains("tolerance")) throw bad("Stripe-Signature", "the signature's timestamp is too old");
            }
        }
        return false;
    }

    private static long timestamp(String header) {
        for (String part : header.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    return Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw bad("Stripe-Signature", "the Stripe-Signature header has no timestamp");
    }

    private static Rejected bad(String field, String detail) {
        return new Rejected(Rejected.Kind.INVALID, "invalid-webhook", "Invalid webhook", detail, field, null, null);
    }
}
