package dev.unifiedcommerce.reconcile;

import java.time.Instant;
import java.util.Optional;

/** How far Stripe's event log has been read (kept in the table, so every pass starts where the last ended). */
public interface Checkpoints {
    Optional<Instant> through();

    /** Moves the checkpoint forward to {@code through} (never back: two passes racing keep the later one). */
    void advance(Instant through);
}
