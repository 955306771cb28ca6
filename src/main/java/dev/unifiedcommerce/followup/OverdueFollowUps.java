package dev.unifiedcommerce.followup;

import java.util.function.Predicate;

/** Told when a follow-up stays owed too long and when it is finally done (payment issues show them to people). */
public interface OverdueFollowUps {
    void overdue(FollowUp followUp);

    void settled(FollowUp followUp);

    /** After a pass: reports about follow-ups that are no longer owed (done by another path) are closed. */
    void settledElsewhere(Predicate<String> stillOwed);
}
