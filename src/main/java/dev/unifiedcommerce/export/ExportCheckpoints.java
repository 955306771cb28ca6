package dev.unifiedcommerce.export;

import java.util.Optional;

/** The chain's checkpoint in the table. */
public interface ExportCheckpoints {
    Optional<ExportCheckpoint> read();

    /** Saves {@code next} if the checkpoint is still at {@code next.version()} (none: version 0); false when it moved meanwhile. */
    boolean save(ExportCheckpoint next);
}
