package dev.unifiedcommerce.payment;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where payment issues are kept, listed per store or for all, open or resolved. */
public interface PaymentIssueStore {
    record Page(List<PaymentIssue> items, String next) {}

    /** The new OPEN issue, for the transaction that found it; refused ({@link IssueExists}) when it was opened before. */
    Writes openWrites(PaymentIssue issue);

    Optional<PaymentIssue> issue(String issueId);

    /** Newest first; {@code locationId} null for every location; {@code kind} null for every kind. */
    Page list(String locationId, PaymentIssue.Kind kind, PaymentIssue.Status status, int limit, String next);

    /** OPEN -> RESOLVED with who and why; its failed condition is {@link OrderStateChanged}-like: {@link IssueStateChanged}. */
    Writes resolveWrites(PaymentIssue issue, String by, String note, Instant at);

    /** The issue was opened before (the same finding reported again). */
    final class IssueExists extends RuntimeException {
        public IssueExists(String issueId) { super("payment issue " + issueId + " exists", null, false, false); }
    }

    final class IssueStateChanged extends RuntimeException {
        public IssueStateChanged(String issueId) { super("payment issue " + issueId + " changed", null, false, false); }
    }
}
