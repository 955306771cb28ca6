package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.subscription.Renewals;
import dev.unifiedcommerce.subscription.TillSubscriptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dispatches verified Stripe events to the capability that owns their effect. Each event is marked processed in the
 * payment ledger in the same transaction as its effect, so a redelivery changes nothing.
 */
@ApplicationScoped
public class StripeEvents {
    private static final Logger LOG = Logger.getLogger(StripeEvents.class);

    public enum Result { APPLIED, DUPLICATE, IGNORED }

    private final Payments payments;
    private final CardLinks cards;
    private final TerminalPayments terminal;
    private final Refunds refunds;
    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Metrics metrics;
    private final Renewals renewals;
    private final TillSubscriptions till;
    private final Set<String> loggedIgnoredTypes = ConcurrentHashMap.newKeySet();

    public StripeEvents(Payments payments, Refunds refunds, PaymentGateway gateway, CardLinks cards, TerminalPayments terminal,
                        PaymentLedger ledger, MoneyTransactions money, Metrics metrics, Renewals renewals, TillSubscriptions till) {
        this.renewals = renewals;
        this.till = till;
        this.payments = payments;
        this.refunds = refunds;
        this.gateway = gateway;
        this.cards = cards;
        this.terminal = terminal;
        this.ledger = ledger;
        this.money = money;
        this.metrics = metrics;
    }

    public Result handle(StripeEvent e) {
        Result result = dispatch(e);
        metrics.count("WebhookEvents", Map.of("EventType", e.type(), "Outcome", result.name()));
        return result;
    }

    private Result dispatch(StripeEvent e) {
        // No read of the marker first: redeliveries are rare, and the marker's condition in the effect's transaction
        // already turns them into no-ops, so the common first delivery saves a request.
        PaymentLedger.Source source = new PaymentLedger.Source(e.id(), e.type());
        Payments.Outcome outcome = switch (e) {
            case StripeEvent.PaymentSucceeded p -> payments.paymentSucceeded(
                    new Payments.Received(p.paymentIntentId(), p.orderId(), p.received(), null, p.type()), source);
            // a session paid later (bank debits...) says so in async_payment_succeeded: wait for that one
            case StripeEvent.SessionPaid s when !s.paid() -> null;
            case StripeEvent.SessionPaid s -> payments.paymentSucceeded(
                    new Payments.Received(s.paymentIntentId(), s.orderId(), s.total(), s.checkoutSessionId(), s.type()), source);
            case StripeEvent.PaymentFailed f -> payments.paymentFailed(f.orderId(), f.paymentIntentId(), f.message(), source);
            case StripeEvent.SessionExpired x -> payments.linkExpired(x.orderId(), x.checkoutSessionId(), source);
            case StripeEvent.PaymentCanceled c -> payments.paymentCanceled(c.orderId(), c.paymentIntentId(), source);
            case StripeEvent.RefundChanged r -> refund(r.refund(), source);
            case StripeEvent.ReaderActionFinished a -> applied(terminal.actionFinished(a.readerId(), a.paymentIntentId(), a.succeeded(),
                    a.failureMessage(), source), source);
            case StripeEvent.ChargeSucceeded c -> {
                // the tap of a till sale that also starts a subscription: its generated card pays every period. Done before the
                // event is marked (by the card's link below), so a failure here is delivered again by Stripe
                if (c.generatedCard() != null && c.subscriptionId() != null) {
                    till.saleCardSaved(c.subscriptionId(), c.orderId(), c.paymentIntentId(), c.generatedCard());
                }
                yield applied(cards.cardUsed(c.paymentIntentId(), c.cardFingerprint(), source), source);
            }
            case StripeEvent.ChargeRefunded c -> chargeRefunded(c, source);
            case StripeEvent.InvoicePaid i -> renewals.invoicePaid(i.invoice(), source);
            case StripeEvent.InvoiceFailed f -> renewals.invoiceFailed(f.invoice(), "the payment failed"
                    + (f.nextAttempt() == null ? "; Stripe does not try again" : "; Stripe tries again at " + f.nextAttempt()), source);
            case StripeEvent.SubscriptionChanged c -> renewals.subscriptionChanged(c.stripeSubscriptionId(), source);
            case StripeEvent.SubscriptionLinkExpired x -> renewals.linkExpired(x.subscriptionId(), x.checkoutSessionId(), source);
            case StripeEvent.SetupSucceeded x -> orMark(till.setupSucceeded(x.setupIntentId(), x.subscriptionId(), source), source);
            case StripeEvent.ReaderSetupFinished a -> till.readerFinished(a.readerId(), a.setupIntentId(), a.succeeded(), a.failureMessage(), a.created(), source);
            case StripeEvent.Other o -> null;
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

    /** One Stripe refund, ours (metadata refundId) or made elsewhere; applied once per refund id. */
    private Payments.Outcome refund(StripeEvent.RefundReport r, PaymentLedger.Source source) {
        if (r.status() == RefundStatus.REQUIRES_ACTION) return mark(source); // still on its way; a later event says how it ended
        if (!r.status().stands()) {
            // failed/canceled: the money stayed with the shop. Ours are booked back; one made elsewhere never was booked.
            boolean ours = r.refundId() != null && r.orderId() != null;
            return applied(ours && refunds.failedLater(r.orderId(), r.refundId(), r.stripeRefundId(), r.status(), source), source);
        }
        if (r.refundId() == null && r.paymentIntentId() != null && !payments.applied(r.paymentIntentId())) {
            // A refund can overtake the event of the payment it refunds: read the payment and apply it first, so the
            // order converges to the state the in-order sequence would give. The same checks apply as to the event.
            var pi = gateway.paymentIntent(r.paymentIntentId());
            if (pi.status() == IntentStatus.SUCCEEDED && pi.orderId() != null) {
                payments.paymentSucceeded(new Payments.Received(pi.id(), pi.orderId(), new Money(pi.amountReceived(), pi.currency()), null,
                        "read back for " + r.stripeRefundId()), PaymentLedger.Source.NONE);
            }
        }
        boolean applied = r.refundId() != null && r.orderId() != null
                ? refunds.complete(r.orderId(), r.refundId(), r.stripeRefundId(), r.status(), source)
                : r.paymentIntentId() != null && refunds.external(r.paymentIntentId(), r.stripeRefundId(), r.amount(), r.status(), source);
        return applied(applied, source);
    }

    /**
     * charge.refunded: older API versions embed the charge's refunds; newer ones do not, so they are read back from
     * Stripe. Each refund is applied once (its own marker); the event is marked after them.
     */
    private Payments.Outcome chargeRefunded(StripeEvent.ChargeRefunded c, PaymentLedger.Source source) {
        var reported = c.refunds();
        if (reported == null) {
            if (c.paymentIntentId() == null) return mark(source);
            reported = gateway.refundsOf(c.paymentIntentId()).stream().map(r -> new StripeEvent.RefundReport(r.stripeRefundId(), r.status(),
                    r.amount(), r.currency(), c.paymentIntentId(), r.metadata() == null ? null : r.metadata().get("refundId"),
                    r.metadata() == null ? null : r.metadata().get("orderId"))).toList();
        }
        boolean any = false;
        for (var r : reported) any |= refund(r, PaymentLedger.Source.NONE) == Payments.Outcome.APPLIED;
        Payments.Outcome marked = mark(source);
        return any ? Payments.Outcome.APPLIED : marked;
    }

    /** A fact about something not ours (null): marked, so a redelivery is not looked at again. */
    private Payments.Outcome orMark(Payments.Outcome outcome, PaymentLedger.Source source) {
        return outcome != null ? outcome : money.markProcessed(source) ? Payments.Outcome.NOT_OURS : Payments.Outcome.NO_CHANGE;
    }

    private Payments.Outcome applied(boolean applied, PaymentLedger.Source source) { return applied ? Payments.Outcome.APPLIED : mark(source); }

    private Payments.Outcome mark(PaymentLedger.Source source) {
        return money.markProcessed(source) ? Payments.Outcome.ALREADY_APPLIED : Payments.Outcome.NO_CHANGE;
    }
}
