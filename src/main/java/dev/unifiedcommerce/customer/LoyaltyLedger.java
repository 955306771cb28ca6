package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.table.Writes;

import java.time.Instant;
import java.util.List;

/** Append-only loyalty entries per customer; the balance on the customer always equals their sum. */
public interface LoyaltyLedger {
    record Entry(Instant at, String orderId, long points, String reason) {}

    /** The entry and the balance change, for the transaction that applies the money. */
    Writes append(String customerId, Entry entry);

    List<Entry> entries(String customerId);
}
