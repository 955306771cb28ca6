package dev.unifiedcommerce.reconcile;

import dev.unifiedcommerce.payment.StripeEvent;

import java.time.Instant;
import java.util.List;

/** Stripe's own list of the events it made (kept 30 days), read with a read-only key. */
public interface StripeEventLog {
    /**
     * Events of these type groups (e.g. "payment_intent.*") created in [from, to], oldest first, each once, read as the
     * webhook reads what it is sent.
     */
    List<StripeEvent> events(List<String> typeGroups, Instant from, Instant to);
}
