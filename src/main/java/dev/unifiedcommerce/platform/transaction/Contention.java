package dev.unifiedcommerce.platform.transaction;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Read, decide, commit; and again while what was read changes under us (another request, a webhook, the Sweeper moved
 * it first). One policy for the whole product: {@link #ATTEMPTS} tries, each reading afresh, then {@link KeepsChanging}
 * (409 concurrent-change with Retry-After; a webhook's 409 is retried by Stripe). Throttling and transient conflicts
 * inside one commit are the table's own retries, not these.
 */
public final class Contention {
    /** Enough for the most contended item we have (one stock level, 16 writers at once in the tests). */
    public static final int ATTEMPTS = 8;

    private Contention() {}

    /** {@code attempt} until it answers; empty means what it read changed before it could commit: read again. */
    public static <T> T retry(String what, Supplier<Optional<T>> attempt) {
        return retry(what, (int n) -> attempt.get());
    }

    /** As above, told which attempt this is (0 the first): a first attempt may use what its caller read already. */
    public static <T> T retry(String what, IntFunction<Optional<T>> attempt) {
        for (int n = 0; n < ATTEMPTS; n++) {
            Optional<T> answer = attempt.apply(n);
            if (answer.isPresent()) return answer.get();
        }
        throw new KeepsChanging(what);
    }

    /** As {@link #retry}, for an attempt with nothing to answer: true when done, false to read again. */
    public static void retryUntil(String what, BooleanSupplier done) {
        retry(what, () -> done.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
