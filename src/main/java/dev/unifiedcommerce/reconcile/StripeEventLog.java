package dev.unifiedcommerce.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** Stripe's own list of the events it made (kept 30 days), read with a read-only key. */
public interface StripeEventLog {
    /** One event as Stripe listed it: what the webhook would have carried. */
    record LoggedEvent(String id, String type, long created, JsonNode object) {}

    /** Events of these type groups (e.g. "payment_intent.*") created in [from, to], oldest first, each once. */
    List<LoggedEvent> events(List<String> typeGroups, Instant from, Instant to);
}
