package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Customers and the unique lookups (phone, e-mail) that find them. */
public interface CustomerStore {
    /** An address the customer shipped to, and when last. */
    record SavedAddress(PostalAddress address, Instant lastUsedAt) {}

    /** Keeps {@code address} among the customer's (the same place once, its last use updated), for the order's transaction. */
    Writes addressWrites(String customerId, PostalAddress address, Instant usedAt);

    /** Keeps {@code address} among the customer's now (the same place once, its last use moved on). */
    void keepAddress(String customerId, PostalAddress address, Instant at);

    /** The customer's addresses, the most recently used first. */
    List<SavedAddress> addresses(String customerId);

    /**
     * Whether the customer shopped at one of {@code locationIds}: a paid (or refunded) order or a visit they came to, or an
     * order or visit someone other than {@code notBy} made for them there (what {@code notBy} made alone proves nothing).
     */
    boolean shoppedAt(String customerId, Set<String> locationIds, String notBy);

    Optional<Customer> byPhone(String e164);
    Optional<Customer> byEmail(String email);
    Optional<Customer> byId(String id);
    /**
     * Creates the customer with its lookups atomically; empty when a lookup is already taken (a race: look again). The
     * phone is a lookup key whenever given; the e-mail only for a customer known by e-mail alone (beside a phone it is
     * kept as information: typed, it must not let whoever owns that address reach this customer).
     */
    Optional<Customer> create(Customer customer);

    /**
     * Lets go of an e-mail that reaches {@code customerId} only because it was once typed beside their phone (a lookup
     * made before e-mails beside phones stopped being keys): the lookup goes, conditional on still naming them.
     */
    void releaseEmail(String customerId, String email);
    /** Notes on a customer that a checkout's details also pointed at another customer (for staff; never merged). */
    void markPossibleDuplicate(String customerId, String otherCustomerId);

    /** Adds a lookup to an existing customer if nobody holds it yet. */
    void claimLookups(Customer customer, String phone, String email);

    /** The card is remembered as someone's already. */
    final class CardTaken extends RuntimeException {
        public CardTaken() { super("card already linked", null, false, false); }
    }

    /** Who first paid with this card (its Stripe fingerprint), if anyone. */
    Optional<String> cardOwner(String fingerprint);

    /**
     * The customer this card is proof of: only a card remembered from a sale someone vouched for (links made before
     * vouches were kept, from typed phones, prove nothing).
     */
    Optional<String> provenCardOwner(String fingerprint);

    /** Remembers the card as this customer's, for a caller's transaction; refused ({@link CardTaken}) if the card is someone's already. */
    Writes cardWrites(String fingerprint, String customerId);
}
