package dev.unifiedcommerce.export;

import java.time.Instant;

/**
 * Where the chain of exports stands, kept in the table: everything before {@code exportedTo} is in the bucket, since
 * the full export of {@code lastFullAt}; the window claimed (PENDING: its export may or may not have been asked for),
 * being exported (IN_PROGRESS, with the export's ARN), done, or failed; how many times it was tried. {@code version}
 * makes every change conditional on what was read, so two passes never both move it.
 */
public record ExportCheckpoint(Instant exportedTo, Instant lastFullAt, ExportWindow window, String exportArn, Status status, int attempts,
                               String failure, long version) {
    public enum Status { PENDING, IN_PROGRESS, COMPLETED, FAILED }

    /** A window claimed before its export is asked for (the claim names the attempt, so a retry asks with the same token). */
    public static ExportCheckpoint claimed(ExportCheckpoint before, ExportWindow window, int attempts) {
        return new ExportCheckpoint(before == null ? null : before.exportedTo(), before == null ? null : before.lastFullAt(), window, null,
                Status.PENDING, attempts, null, before == null ? 0 : before.version());
    }

    public ExportCheckpoint started(String arn) { return new ExportCheckpoint(exportedTo, lastFullAt, window, arn, Status.IN_PROGRESS, attempts, null, version); }

    public ExportCheckpoint completed() {
        Instant full = window.kind() == ExportWindow.Kind.FULL ? window.to() : lastFullAt;
        return new ExportCheckpoint(window.to(), full, window, exportArn, Status.COMPLETED, attempts, null, version);
    }

    public ExportCheckpoint failed(String why) { return new ExportCheckpoint(exportedTo, lastFullAt, window, exportArn, Status.FAILED, attempts, why, version); }
}
