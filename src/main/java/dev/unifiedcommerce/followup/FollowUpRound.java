package dev.unifiedcommerce.followup;

/**
 * Work the FollowUps function does on every pass besides follow-ups: things that wait on the table's own state rather
 * than on another party (backorders waiting for stock). Supplied by the capability that owns it; one round failing never
 * stops the others.
 */
public interface FollowUpRound {
    /** One round; what it did, for the log (null: nothing). */
    String run();
}
