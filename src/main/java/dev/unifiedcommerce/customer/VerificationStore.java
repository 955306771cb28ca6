package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.Optional;

/** Verifications and the links they make: a channel's shopper to a customer. */
public interface VerificationStore {
    void create(Verification v);

    Optional<Verification> get(String id);

    /** Counts a wrong code; false when the verification is no longer open (confirmed, or out of tries). */
    boolean countWrongTry(String id, int maxTries);

    /**
     * Marks the verification confirmed for {@code customerId} (only while PENDING, within its tries and time), with
     * {@code with} in the same transaction; false when it was no longer open.
     */
    boolean confirm(Verification v, String customerId, Instant at, int maxTries, Writes with);

    /**
     * Binds the channel's shopper to the customer, for the confirm's transaction: {@code previous} is the customer the
     * shopper was bound to until now (null: none), whose binding goes (conditional on the link still naming it).
     */
    Writes bindWrites(String caller, String shopperRef, String customerId, String previous, Instant at);

    /** The customer a channel's shopper is bound to. */
    Optional<String> customerOf(String caller, String shopperRef);

    /** Whether the channel bound one of its shoppers to this customer. */
    boolean isBound(String caller, String customerId);
}
