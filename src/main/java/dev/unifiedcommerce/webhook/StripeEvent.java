package dev.unifiedcommerce.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A verified Stripe event, read as JSON rather than through stripe-java's typed models: endpoints pinned to older
 * API versions send older shapes (PaymentIntents with embedded {@code charges} instead of {@code latest_charge}),
 * and only the fields read here matter. {@code apiVersion} may be null.
 */
public record StripeEvent(String id, String type, String apiVersion, long created, JsonNode object) {
    public String text(String field) {
        JsonNode n = object.path(field);
        return n.isTextual() ? n.asText() : null;
    }

    public String metadata(String key) {
        JsonNode n = object.path("metadata").path(key);
        return n.isTextual() ? n.asText() : null;
    }

    /** A field that is an id or, when expanded, an object with an id. */
    public String idOf(String field) {
        JsonNode n = object.path(field);
        if (n.isTextual()) return n.asText();
        if (n.isObject() && n.path("id").isTextual()) return n.path("id").asText();
        return null;
    }
}
