package dev.unifiedcommerce.followup;

/** Told when a follow-up stays owed too long and when it is finally done (payment issues show them to people). */
public interface OverdueFollowUps {
    void overdue(FollowUp followUp);

    void settled(FollowUp followUp);
}
