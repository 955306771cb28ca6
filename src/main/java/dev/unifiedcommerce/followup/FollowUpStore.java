package dev.unifiedcommerce.followup;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where follow-ups wait, in due order. */
public interface FollowUpStore {
    /** The follow-up, for the transaction that decided it (written again as it is when decided again). */
    Writes owedWrites(FollowUp followUp);

    /** It is done, for the transaction that confirmed it (nothing if it was never written or is gone already). */
    Writes doneWrites(String id);

    Optional<FollowUp> followUp(String id);

    /** Due follow-ups, oldest due first. */
    List<FollowUp> due(Instant now, int limit);

    /**
     * Takes a due follow-up for one performer: its attempt count goes up and it is not due again before
     * {@code leaseUntil}, conditional on nobody having taken it since it was read. Empty when another driver did.
     */
    Optional<FollowUp> claim(FollowUp seen, Instant now, Instant leaseUntil);

    /** A failed attempt: due again at {@code at}, with what went wrong and (non-null) new data (only if still as claimed). */
    void retryAt(FollowUp claimed, Instant at, String error, Map<String, String> data);

    /** Performed and confirmed: gone. */
    void done(String id);

    /** How many are owed, and since when the oldest (for the metric the alarm watches). */
    record Backlog(int count, Instant oldest) {}

    Backlog backlog(Instant now, int upTo);
}
