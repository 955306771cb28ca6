package dev.unifiedcommerce.export;

import java.time.Instant;

/**
 * Where the chain of exports stands, kept in the table: everything before {@code exportedTo} is in the bucket; the
 * window being exported now (or that failed and is tried again), its export's ARN and how many times it was tried.
 * {@code version} makes every change conditional on what was read (two schedule ticks never both move it).
 */
public record ExportCheckpoint(Instant exportedTo, ExportWindow window, String exportArn, Status status, int attempts, String failure, long version) {
    public enum Status { IN_PROGRESS, COMPLETED, FAILED }

    public static ExportCheckpoint started(ExportCheckpoint before, ExportWindow window, String arn, int attempts) {
        return new ExportCheckpoint(before == null ? null : before.exportedTo(), window, arn, Status.IN_PROGRESS, attempts, null,
                before == null ? 0 : before.version());
    }

    public ExportCheckpoint completed() { return new ExportCheckpoint(window.to(), window, exportArn, Status.COMPLETED, attempts, null, version); }

    public ExportCheckpoint failed(String why) { return new ExportCheckpoint(exportedTo, window, exportArn, Status.FAILED, attempts, why, version); }
}
