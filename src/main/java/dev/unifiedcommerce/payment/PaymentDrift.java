package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.FollowUpStore;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.platform.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Compares an order's money in the table with Stripe's: what Stripe kept on the order's PaymentIntent (received minus
 * refunded) against what the table says (paid minus refunded). A difference is a DRIFT payment issue, with a metric
 * and an alarm; it resolves itself when a later comparison agrees. Orders with money still owed either way (a refund
 * PENDING, an automatic refund not yet made) are left to the follow-ups that owe it.
 */
@ApplicationScoped
public class PaymentDrift {
    private static final Logger LOG = Logger.getLogger(PaymentDrift.class);
    private static final Set<Order.Status> PAID = Set.of(Order.Status.PAID, Order.Status.REFUNDED);

    private final OrderStore orders;
    private final RefundStore refunds;
    private final PaymentGateway gateway;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final PaymentIssueStore issues;
    private final FollowUpStore followUps;
    private final Metrics metrics;
    private final Clock clock;

    public PaymentDrift(OrderStore orders, RefundStore refunds, PaymentGateway gateway, PaymentLedger ledger, MoneyTransactions money, PaymentIssueStore issues,
                        FollowUpStore followUps, Metrics metrics, Clock clock) {
        this.orders = orders;
        this.refunds = refunds;
        this.gateway = gateway;
        this.ledger = ledger;
        this.money = money;
        this.issues = issues;
        this.followUps = followUps;
        this.metrics = metrics;
        this.clock = clock;
    }

    public enum Verdict { AGREES, DRIFT, OWED, UNKNOWN }

    /** One order's comparison; a drift opens (or keeps) its issue, an agreement resolves it. */
    public Verdict check(String orderId) {
        Order order = orders.order(orderId).orElse(null);
        if (order == null) return Verdict.UNKNOWN;
        if (refunds.refunds(orderId).stream().anyMatch(r -> r.status() == RefundStore.Status.PENDING)) return Verdict.OWED;
        String pi = order.payment().paymentIntentId();
        if (pi == null && order.payment().checkoutSessionId() != null) pi = gateway.checkoutSession(order.payment().checkoutSessionId()).paymentIntentId();
        if (pi == null) return Verdict.AGREES; // nothing at Stripe to keep money on
        String automaticRefund = FollowUp.owed(FollowUp.Kind.AUTOMATIC_REFUND, pi,
                Map.of(), Instant.EPOCH, Instant.EPOCH).id();
        if (followUps.followUp(automaticRefund).isPresent()) return Verdict.OWED; // being given back automatically
        var intent = gateway.paymentIntent(pi);
        long received = intent.status() == IntentStatus.SUCCEEDED ? intent.amountReceived() : 0;
        long refundedAtStripe = gateway.refundsOf(pi).stream().filter(r -> r.status().stands())
                .mapToLong(PaymentGateway.Refund::amount).sum();
        long keptAtStripe = received - refundedAtStripe;
        long keptHere = PAID.contains(order.status()) ? order.total().amount() - order.refunded() : 0;
        String issueId = PaymentIssues.idOf(PaymentIssue.Kind.DRIFT, orderId, pi);
        if (keptAtStripe == keptHere) {
            issues.issue(issueId).filter(i -> i.status() == PaymentIssue.Status.OPEN).ifPresent(i -> {
                try {
                    money.commit(issues.resolveWrites(i, "reconciler", "the table agrees with Stripe again", clock.instant()));
                } catch (PaymentIssueStore.IssueStateChanged resolvedMeanwhile) {
                    // resolved by an admin a moment ago
                }
            });
            return Verdict.AGREES;
        }
        String detail = "Stripe keeps " + keptAtStripe + " " + order.total().currency() + " on " + pi + " (received " + received + ", refunded "
                + refundedAtStripe + "); the table keeps " + keptHere + " (order " + order.status() + ", refunded " + order.refunded() + ")";
        try {
            money.commit(issues.openWrites(new PaymentIssue(issueId, PaymentIssue.Kind.DRIFT, orderId, order.fulfilment().locationId(), pi,
                    new Money(keptHere, order.total().currency()), new Money(keptAtStripe, order.total().currency()), detail, clock.instant(),
                    PaymentIssue.Status.OPEN, null, null, null)));
            metrics.count("PaymentIssues", Map.of("Kind", PaymentIssue.Kind.DRIFT.name()));
            LOG.errorf("payment drift on order %s: %s", orderId, detail);
        } catch (PaymentIssueStore.IssueExists known) {
            // reported by an earlier pass
        }
        return Verdict.DRIFT;
    }
}
