package dev.unifiedcommerce.export;

/** DynamoDB's exports of the table to the bucket (ExportTableToPointInTime, DescribeExport). */
public interface TableExports {
    /** How an export stands. */
    record State(ExportCheckpoint.Status status, String failure) {}

    /**
     * Starts the export of this window; {@code clientToken} names it, so asking again with it (a retry, a lost answer,
     * a second tick) is the same export. Returns its ARN.
     */
    String start(ExportWindow window, String clientToken);

    State describe(String exportArn);
}
