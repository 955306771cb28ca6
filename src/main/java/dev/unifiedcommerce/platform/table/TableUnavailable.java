package dev.unifiedcommerce.platform.table;

/** DynamoDB kept refusing (throttling, conflicts, unreachable) after our retries: the client may retry later. */
public final class TableUnavailable extends RuntimeException {
    public TableUnavailable(String message, Throwable cause) { super(message, cause); }
}
