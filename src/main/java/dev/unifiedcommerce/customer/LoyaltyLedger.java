package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Append-only loyalty entries per customer; the balance on the customer always equals their sum. */
public interface LoyaltyLedger {
    record Entry(Instant at, String orderId, long points, String reason) {}

    /** A spend's condition: the balance must hold {@code atLeast} points, else {@code refused} explains. */
    record Guard(long atLeast, Supplier<? extends RuntimeException> refused) {}

    /**
     * The entries and ONE change of the balance by their sum, for the transaction that moves the money; with a
     * {@code guard}, only while the balance holds that many points.
     */
    Writes append(String customerId, List<Entry> entries, Guard guard);

    default Writes append(String customerId, Entry entry) { return append(customerId, List.of(entry), null); }

    List<Entry> entries(String customerId);
}
