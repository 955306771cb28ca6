package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.followup.FollowUp;
import dev.unifiedcommerce.followup.OverdueFollowUps;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.order.OrderStore;
import dev.unifiedcommerce.order.TimelineEntry;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Money that needs a person, on the order's timeline and in one list staff and admins work through. An issue's id
 * is derived from what it is about (kind, order, PaymentIntent), so the same finding reported twice (a redelivered
 * event) is one issue and one alert.
 */
@ApplicationScoped
public class PaymentIssues implements OverdueFollowUps {
    private static final Logger LOG = Logger.getLogger(PaymentIssues.class);

    private final PaymentIssueStore store;
    private final OrderStore orders;
    private final PaymentLedger ledger;
    private final MoneyTransactions money;
    private final Metrics metrics;
    private final Clock clock;

    public PaymentIssues(PaymentIssueStore store, OrderStore orders, PaymentLedger ledger, MoneyTransactions money, Metrics metrics, Clock clock) {
        this.store = store;
        this.orders = orders;
        this.ledger = ledger;
        this.money = money;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The writes that open a MISMATCH issue about our own intent (being refunded), with its timeline entry. */
    public Writes mismatch(Order order, String paymentIntentId, Money actual, String detail) {
        return mismatch(idOf(PaymentIssue.Kind.MISMATCH, order.id(), paymentIntentId), order, paymentIntentId, actual, detail);
    }

    /** As {@link #mismatch}, for an intent another integration made (alerted only); a separate issue from any refund of ours. */
    public Writes foreign(Order order, String paymentIntentId, Money actual, String detail) {
        return mismatch(idOf(PaymentIssue.Kind.MISMATCH, order.id(), "foreign|" + paymentIntentId), order, paymentIntentId, actual, detail);
    }

    private Writes mismatch(String issueId, Order order, String paymentIntentId, Money actual, String detail) {
        PaymentIssue issue = new PaymentIssue(issueId, PaymentIssue.Kind.MISMATCH,
                order.id(), order.fulfilment().locationId(), paymentIntentId, order.total(), actual, detail, clock.instant(),
                PaymentIssue.Status.OPEN, null, null, null);
        return store.openWrites(issue).and(orders.entryWrites(order.id(),
                new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_ISSUE, null, "MISMATCH " + issue.issueId() + ": " + detail)));
    }

    /** After the issue's transaction committed: the metric the alarm watches, and a log line for whoever reads them. */
    public void alert(PaymentIssue.Kind kind, Order order, String paymentIntentId, String detail) {
        metrics.count("PaymentIssues", Map.of("Kind", kind.name()));
        LOG.errorf("payment issue %s on order %s (PaymentIntent %s): %s", kind, order.id(), paymentIntentId, detail);
    }

    /** A Stripe call or message owed too long: one FOLLOW_UP issue per follow-up, its attempts counted. */
    @Override
    public void overdue(FollowUp f) {
        String orderId = f.get("orderId");
        Order order = orderId == null ? null : orders.order(orderId).orElse(null);
        String detail = f.kind() + " owed since " + f.createdAt() + " after " + f.attempts() + " attempt(s)"
                + (f.lastError() != null ? "; last: " + f.lastError() : "");
        money.commit(store.openWrites(new PaymentIssue(idOf(PaymentIssue.Kind.FOLLOW_UP, orderId, f.id()), PaymentIssue.Kind.FOLLOW_UP,
                orderId, order == null ? "none" : order.fulfilment().locationId(), f.get("paymentIntentId"),
                order == null ? null : order.total(), null, detail, f.createdAt(), PaymentIssue.Status.OPEN, null, f.attempts(), f.id())));
        metrics.count("PaymentIssues", Map.of("Kind", PaymentIssue.Kind.FOLLOW_UP.name()));
        LOG.errorf("follow-up %s (%s) for order %s still owed: %s", f.id(), f.kind(), orderId, detail);
    }

    /** The follow-up was done after all: its issue resolves itself. */
    @Override
    public void settled(FollowUp f) {
        store.issue(idOf(PaymentIssue.Kind.FOLLOW_UP, f.get("orderId"), f.id())).filter(i -> i.status() == PaymentIssue.Status.OPEN)
                .ifPresent(i -> {
                    try {
                        money.commit(store.resolveWrites(i, "follow-ups", "done after " + f.attempts() + " attempt(s)", clock.instant()));
                    } catch (PaymentIssueStore.IssueStateChanged resolvedMeanwhile) {
                        // an admin resolved it a moment ago
                    }
                });
    }

    /** FOLLOW_UP issues whose follow-up was done by another path (a webhook, the request itself) resolve too. */
    @Override
    public void settledElsewhere(Predicate<String> stillOwed) {
        for (PaymentIssue i : store.list(null, PaymentIssue.Kind.FOLLOW_UP, PaymentIssue.Status.OPEN, 100, null).items()) {
            if (i.followUpId() == null || stillOwed.test(i.followUpId())) continue;
            try {
                money.commit(store.resolveWrites(i, "follow-ups", "done", clock.instant()));
            } catch (PaymentIssueStore.IssueStateChanged resolvedMeanwhile) {
                // resolved a moment ago
            }
        }
    }

    public PaymentIssueStore.Page list(String locationId, PaymentIssue.Kind kind, PaymentIssue.Status status, int limit, String next) {
        return store.list(locationId, kind, status, limit, next);
    }

    public PaymentIssue issue(String issueId) {
        return store.issue(issueId).orElseThrow(() -> Rejected.notFound("payment issue", "issueId", issueId));
    }

    /** OPEN -> RESOLVED with a note, on the order's timeline too. Resolving a resolved issue is a 409. */
    public PaymentIssue resolve(String issueId, String by, String note) {
        PaymentIssue issue = issue(issueId);
        if (issue.status() == PaymentIssue.Status.RESOLVED) {
            throw Rejected.conflict("issue-resolved", "Already resolved", "payment issue '" + issueId + "' was resolved by " + issue.resolution().by());
        }
        Writes writes = store.resolveWrites(issue, by, note, clock.instant());
        if (issue.orderId() != null) {
            writes = writes.and(orders.entryWrites(issue.orderId(), new TimelineEntry(clock.instant(), TimelineEntry.Type.PAYMENT_ISSUE_RESOLVED, by,
                    issue.kind() + " " + issueId + ": " + note)));
        }
        try {
            money.commit(writes);
        } catch (PaymentIssueStore.IssueStateChanged raced) {
            throw Rejected.conflict("issue-resolved", "Already resolved", "payment issue '" + issueId + "' was resolved meanwhile");
        }
        return issue(issueId);
    }

    static String idOf(PaymentIssue.Kind kind, String orderId, String paymentIntentId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((kind + "|" + orderId + "|" + paymentIntentId).getBytes(StandardCharsets.UTF_8));
            return "pis_" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
