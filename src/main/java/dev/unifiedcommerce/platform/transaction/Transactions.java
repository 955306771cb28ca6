package dev.unifiedcommerce.platform.transaction;

/**
 * The one way domain code commits: what it composed as {@link Writes} is written as ONE transaction, all or nothing,
 * retried by the table layer on conflicts and throttling (a table that stays busy is a 503). Domain code never says
 * how; it says what must hold together.
 */
public interface Transactions {
    /** Commits {@code writes}; a condition that does not hold is {@link Refused}, naming every condition that failed. */
    void commit(Writes writes);

    /**
     * As {@link #commit}, a refusal thrown as what it means: the exception the first refused write attached (a 409 of
     * the idempotency record, a visit that changed), else the {@link Refused} itself.
     */
    default void commitExplained(Writes writes) {
        try {
            commit(writes);
        } catch (Refused refused) {
            throw refused.explained();
        }
    }
}
