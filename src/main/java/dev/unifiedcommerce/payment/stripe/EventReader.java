package dev.unifiedcommerce.payment.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.payment.RefundStatus;
import dev.unifiedcommerce.payment.StripeEvent;
import dev.unifiedcommerce.subscription.Invoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stripe event JSON into {@link StripeEvent}s. Read as JSON rather than through stripe-java's models: endpoints
 * pinned to older API versions send older shapes (expanded objects where ids are expected, refunds embedded in
 * charges), and only the fields read here matter.
 */
public final class EventReader {
    private EventReader() {}

    public static StripeEvent read(String id, String type, JsonNode o) { return read(id, type, o, 0); }

    /** {@code created}: when Stripe made the event (epoch seconds; 0 unknown). */
    public static StripeEvent read(String id, String type, JsonNode o, long created) {
        return switch (type) {
            case "payment_intent.succeeded" -> new StripeEvent.PaymentSucceeded(id, type, text(o, "id"), metadata(o, "orderId"),
                    money(o.path("amount_received").asLong(o.path("amount").asLong()), o));
            // a subscription-mode session: its subscription (what it is now is read back); its invoice.paid makes the delivery
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> "subscription".equals(text(o, "mode"))
                    ? (idOf(o, "subscription") == null ? new StripeEvent.Other(id, type) : new StripeEvent.SubscriptionChanged(id, type, idOf(o, "subscription")))
                    : new StripeEvent.SessionPaid(id, type,
                    text(o, "id"), orderOf(o), idOf(o, "payment_intent"), money(o.path("amount_total").asLong(), o),
                    "paid".equals(text(o, "payment_status")));
            case "checkout.session.expired" -> "subscription".equals(text(o, "mode"))
                    ? new StripeEvent.SubscriptionLinkExpired(id, type, text(o, "id"), metadata(o, "subscriptionId"))
                    : new StripeEvent.SessionExpired(id, type, text(o, "id"), orderOf(o));
            case "payment_intent.payment_failed" -> new StripeEvent.PaymentFailed(id, type, text(o, "id"), metadata(o, "orderId"),
                    o.path("last_payment_error").path("message").asText(null));
            case "payment_intent.canceled" -> new StripeEvent.PaymentCanceled(id, type, text(o, "id"), metadata(o, "orderId"));
            case "refund.created", "refund.updated" -> new StripeEvent.RefundChanged(id, type, refund(o, null));
            case "charge.succeeded" -> {
                JsonNode details = o.path("payment_method_details");
                String fingerprint = details.path("card").path("fingerprint").asText(details.path("card_present").path("fingerprint").asText(null));
                yield new StripeEvent.ChargeSucceeded(id, type, idOf(o, "payment_intent"), fingerprint,
                        idOf(details.path("card_present"), "generated_card"), metadata(o, "subscriptionId"), metadata(o, "orderId"));
            }
            case "charge.refunded" -> {
                JsonNode embedded = o.path("refunds").path("data");
                String pi = idOf(o, "payment_intent");
                List<StripeEvent.RefundReport> refunds = null;
                if (embedded.isArray() && !embedded.isEmpty()) {
                    refunds = new ArrayList<>();
                    for (JsonNode r : embedded) refunds.add(refund(r, pi));
                }
                yield new StripeEvent.ChargeRefunded(id, type, pi, refunds);
            }
            case "setup_intent.succeeded" -> new StripeEvent.SetupSucceeded(id, type, text(o, "id"), metadata(o, "subscriptionId"));
            case "terminal.reader.action_succeeded", "terminal.reader.action_failed" -> {
                JsonNode action = o.path("action");
                boolean ok = type.endsWith("succeeded");
                if (action.path("process_setup_intent").isObject()) {
                    yield new StripeEvent.ReaderSetupFinished(id, type, metadata(o, "readerId"), idOf(action.path("process_setup_intent"), "setup_intent"), ok,
                            ok ? null : action.path("failure_message").asText(null), created);
                }
                yield new StripeEvent.ReaderActionFinished(id, type, metadata(o, "readerId"),
                        action.path("process_payment_intent").path("payment_intent").asText(null), ok,
                        ok ? null : action.path("failure_message").asText(null));
            }
            case "invoice.paid", "invoice.payment_succeeded" -> invoice(o) == null ? new StripeEvent.Other(id, type)
                    : new StripeEvent.InvoicePaid(id, type, invoice(o));
            case "invoice.payment_failed" -> invoice(o) == null ? new StripeEvent.Other(id, type) : new StripeEvent.InvoiceFailed(id, type, invoice(o),
                    o.path("next_payment_attempt").isNumber() ? Instant.ofEpochSecond(o.path("next_payment_attempt").asLong()) : null);
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
                 "customer.subscription.paused", "customer.subscription.resumed" -> new StripeEvent.SubscriptionChanged(id, type, text(o, "id"));
            default -> new StripeEvent.Other(id, type);
        };
    }

    /**
     * A subscription's invoice in either shape: up to 2025-03 it names {@code subscription} and {@code payment_intent} (and,
     * from 2022, {@code subscription_details.metadata}); from then on both sit elsewhere: {@code parent.subscription_details}
     * ({@code subscription}, {@code metadata}) and the {@code payments} list (only when included). Null: not a subscription's.
     */
    private static Invoice invoice(JsonNode o) {
        JsonNode parent = o.path("parent").path("subscription_details");
        String stripeSubscription = idOf(o, "subscription") != null ? idOf(o, "subscription") : idOf(parent, "subscription");
        if (stripeSubscription == null) return null;
        String ours = parent.path("metadata").path("subscriptionId").asText(o.path("subscription_details").path("metadata").path("subscriptionId").asText(null));
        String intent = idOf(o, "payment_intent");
        for (JsonNode p : o.path("payments").path("data")) {
            if (intent == null && "paid".equals(p.path("status").asText())) intent = idOf(p.path("payment"), "payment_intent");
        }
        JsonNode firstLine = o.path("lines").path("data").path(0);
        long periodStart = firstLine.path("period").path("start").isNumber() ? firstLine.path("period").path("start").asLong() : o.path("created").asLong();
        return new Invoice(text(o, "id"), stripeSubscription, ours, intent, money(o.path("amount_paid").asLong(), o), text(o, "billing_reason"),
                periodStart, o.path("attempt_count").asInt(0));
    }

    private static StripeEvent.RefundReport refund(JsonNode r, String paymentIntentId) {
        String pi = idOf(r, "payment_intent");
        return new StripeEvent.RefundReport(text(r, "id"), RefundStatus.of(r.path("status").asText("")), r.path("amount").asLong(),
                lower(text(r, "currency")), pi != null ? pi : paymentIntentId, metadata(r, "refundId"), metadata(r, "orderId"));
    }

    private static String orderOf(JsonNode session) {
        String fromMetadata = metadata(session, "orderId");
        return fromMetadata != null ? fromMetadata : text(session, "client_reference_id");
    }

    private static Money money(long amount, JsonNode o) { return new Money(amount, lower(text(o, "currency"))); }

    private static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.path(field);
        return n.isTextual() ? n.asText() : null;
    }

    private static String metadata(JsonNode o, String key) {
        JsonNode n = o.path("metadata").path(key);
        return n.isTextual() ? n.asText() : null;
    }

    /** A field that is an id or, when expanded, an object with an id. */
    private static String idOf(JsonNode o, String field) {
        JsonNode n = o.path(field);
        if (n.isTextual()) return n.asText();
        if (n.isObject() && n.path("id").isTextual()) return n.path("id").asText();
        return null;
    }
}
