package dev.unifiedcommerce.export;

/** DynamoDB's exports of the table to the bucket (ExportTableToPointInTime, DescribeExport). */
public interface TableExports {
    /** How an export stands. */
    record State(ExportCheckpoint.Status status, String failure) {}

    /** DynamoDB refused to start it (a time outside the recovery window, recovery off, a bucket it cannot write). */
    final class Refused extends RuntimeException {
        public Refused(String message, Throwable cause) { super(message, cause); }
    }

    /**
     * Starts the export of this window, attempt {@code attempt}; its client token names both, so asking again (a retry,
     * a lost answer, a second pass) is the same export. Returns its ARN.
     */
    String start(ExportWindow window, int attempt);

    State describe(String exportArn);
}
