package dev.unifiedcommerce.webhook;

import dev.unifiedcommerce.checkout.Order;
import dev.unifiedcommerce.checkout.Payments;
import dev.unifiedcommerce.platform.table.Items;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Markers;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dispatches verified Stripe events to the capability that owns their effect. Each event is marked processed
 * (STRIPE_EVENT#{id}, kept 30 days) in the same transaction as its effect, so a redelivery changes nothing.
 */
@ApplicationScoped
public class StripeEvents {
    private static final Logger LOG = Logger.getLogger(StripeEvents.class);
    static final Duration KEEP_MARKERS = Duration.ofDays(30);

    public enum Result { APPLIED, DUPLICATE, IGNORED }

    private final Payments payments;
    private final dev.unifiedcommerce.checkout.CardLinks cards;
    private final dev.unifiedcommerce.checkout.TerminalPayments terminal;
    private final dev.unifiedcommerce.checkout.Refunds refunds;
    private final dev.unifiedcommerce.checkout.PaymentGateway gateway;
    private final Table table;
    private final Clock clock;
    private final dev.unifiedcommerce.platform.metrics.Metrics metrics;
    private final Set<String> loggedIgnoredTypes = ConcurrentHashMap.newKeySet();

    public StripeEvents(Payments payments, dev.unifiedcommerce.checkout.Refunds refunds, dev.unifiedcommerce.checkout.PaymentGateway gateway,
                        dev.unifiedcommerce.checkout.CardLinks cards, dev.unifiedcommerce.checkout.TerminalPayments terminal, Table table, Clock clock,
                        dev.unifiedcommerce.platform.metrics.Metrics metrics) {
        this.metrics = metrics;
        this.terminal = terminal;
        this.payments = payments;
        this.cards = cards;
        this.refunds = refunds;
        this.gateway = gateway;
        this.table = table;
        this.clock = clock;
    }

    /** One Stripe refund, ours (metadata refundId) or made elsewhere; applied once per refund id. */
    private Payments.Outcome refund(com.fasterxml.jackson.databind.JsonNode r, Writes marker) {
        String status = r.path("status").asText("");
        String refundId = r.path("metadata").path("refundId").asText(null);
        String orderId = r.path("metadata").path("orderId").asText(null);
        String stripeRefundId = r.path("id").asText();
        if (!status.equals("succeeded") && !status.equals("pending")) {
            // failed/canceled: the money stayed with the shop. Ours are booked back; one made elsewhere never was booked.
            if (refundId != null && orderId != null && refunds.failedLater(orderId, refundId, stripeRefundId, status, marker)) {
                return Payments.Outcome.APPLIED;
            }
            return markOnly(marker);
        }
        String paymentIntentId = r.path("payment_intent").isTextual() ? r.path("payment_intent").asText() : r.path("payment_intent").path("id").asText(null);
        if (refundId == null && paymentIntentId != null && !payments.applied(paymentIntentId)) {
            // A refund can overtake the event of the payment it refunds: read the payment and apply it first,
            // so the order converges to the state the in-order sequence would give.
            var pi = gateway.paymentIntent(paymentIntentId);
            if ("succeeded".equals(pi.status()) && pi.orderId() != null) {
                payments.paymentSucceeded(pi.orderId(), pi.id(), pi.amountReceived(), "read back for " + stripeRefundId, Writes.none());
            }
        }
        boolean applied = refundId != null && orderId != null
                ? refunds.complete(orderId, refundId, stripeRefundId, status, marker)
                : paymentIntentId != null && refunds.external(paymentIntentId, stripeRefundId, r.path("amount").asLong(), status, marker);
        return applied ? Payments.Outcome.APPLIED : markOnly(marker);
    }

    /**
     * charge.refunded: older API versions embed the charge's refunds; newer ones do not, so they are read back from
     * Stripe. Each refund is applied once (its own marker); the event is marked after them.
     */
    private Payments.Outcome chargeRefunded(StripeEvent e, Writes marker) {
        var embedded = e.object().path("refunds").path("data");
        boolean any = false;
        if (embedded.isArray() && !embedded.isEmpty()) {
            for (var r : embedded) any |= refund(r, Writes.none()) == Payments.Outcome.APPLIED;
        } else {
            String pi = e.idOf("payment_intent");
            if (pi == null) return markOnly(marker);
            for (var r : gateway.refundsOf(pi)) {
                var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                node.put("id", r.stripeRefundId()).put("status", r.status()).put("amount", r.amount()).put("payment_intent", pi);
                var meta = node.putObject("metadata");
                if (r.metadata() != null) r.metadata().forEach(meta::put);
                any |= refund(node, Writes.none()) == Payments.Outcome.APPLIED;
            }
        }
        Payments.Outcome marked = markOnly(marker);
        return any ? Payments.Outcome.APPLIED : marked;
    }

    private Payments.Outcome markOnly(Writes marker) {
        try {
            table.transact(marker);
            return Payments.Outcome.ALREADY_APPLIED;
        } catch (dev.unifiedcommerce.platform.table.ConditionFailed duplicate) {
            return Payments.Outcome.NO_CHANGE;
        }
    }

    public Result handle(StripeEvent e) {
        Result result = dispatch(e);
        metrics.count("WebhookEvents", Map.of("EventType", e.type(), "Outcome", result.name()));
        return result;
    }

    private Result dispatch(StripeEvent e) {
        // No read of the marker first: redeliveries are rare, and the marker's condition in the effect's transaction
        // already turns them into no-ops, so the common first delivery saves a request.
        Writes marker = Markers.put(table, Keys.stripeEvent(e.id()), Keys.ItemType.STRIPE_EVENT, Payments.EventMarkers.KIND, e.id(),
                Map.of("eventType", Items.s(e.type())), KEEP_MARKERS, clock);
        Payments.Outcome outcome = switch (e.type()) {
            case "payment_intent.succeeded" -> payments.paymentSucceeded(e.metadata("orderId"), e.text("id"),
                    e.object().path("amount_received").asLong(e.object().path("amount").asLong()), e.type(), marker);
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> {
                if (!"paid".equals(e.text("payment_status"))) yield null; // paid later (async methods): wait for that event
                String orderId = e.metadata("orderId") != null ? e.metadata("orderId") : e.text("client_reference_id");
                yield payments.paymentSucceeded(orderId, e.idOf("payment_intent"), e.object().path("amount_total").asLong(), e.type(), marker);
            }
            case "payment_intent.payment_failed" -> payments.paymentFailed(e.metadata("orderId"), e.text("id"),
                    e.object().path("last_payment_error").path("message").asText(null), marker);
            case "checkout.session.expired" -> payments.paymentAbandoned(
                    e.metadata("orderId") != null ? e.metadata("orderId") : e.text("client_reference_id"), Order.Status.EXPIRED,
                    "the payment link expired unpaid; stock released", marker);
            case "payment_intent.canceled" -> payments.paymentAbandoned(e.metadata("orderId"), Order.Status.CANCELLED,
                    "the payment was cancelled; stock released", marker);
            case "refund.created", "refund.updated" -> refund(e.object(), marker);
            case "terminal.reader.action_succeeded", "terminal.reader.action_failed" -> {
                var action = e.object().path("action");
                boolean ok = e.type().endsWith("succeeded");
                yield terminal.actionFinished(e.metadata("readerId"), action.path("process_payment_intent").path("payment_intent").asText(null),
                        ok, ok ? null : action.path("failure_message").asText(null), marker) ? Payments.Outcome.APPLIED : markOnly(marker);
            }
            case "charge.succeeded" -> {
                var details = e.object().path("payment_method_details");
                String fingerprint = details.path("card").path("fingerprint").asText(details.path("card_present").path("fingerprint").asText(null));
                yield cards.cardUsed(e.idOf("payment_intent"), fingerprint, marker) ? Payments.Outcome.APPLIED : markOnly(marker);
            }
            case "charge.refunded" -> chargeRefunded(e, marker);
            default -> null;
        };
        if (outcome == null) {
            if (loggedIgnoredTypes.add(e.type())) LOG.infof("ignoring Stripe events of type %s", e.type());
            return Result.IGNORED;
        }
        LOG.infof("Stripe event %s %s: %s", e.id(), e.type(), outcome);
        return switch (outcome) {
            case APPLIED -> Result.APPLIED;
            case ALREADY_APPLIED, NO_CHANGE -> Result.DUPLICATE; // the same money, carried by another event
            case NOT_OURS -> Result.IGNORED;
        };
    }
}
