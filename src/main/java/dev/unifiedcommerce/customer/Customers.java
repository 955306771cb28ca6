package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.Writes;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the one customer behind a phone number or e-mail, creating them on first sight. */
@ApplicationScoped
public class Customers {
    private final CustomerStore store;
    private final Clock clock;

    public Customers(CustomerStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The customer a checkout's contact details name, created if new. The details are typed, not verified, so they never
     * add a phone or e-mail to a customer found by the other one (a stranger's phone with your e-mail must not show you
     * their history). The phone decides when both are given: the customer with that phone, or a new one with it; an
     * e-mail that belongs to someone else is then only noted ({@code possibleDuplicateOf}) for staff.
     */
    public Customer identify(Contact contact) {
        return Contention.retry("the customer of this contact", () -> {
            Optional<Customer> byPhone = contact.phone() == null ? Optional.empty() : store.byPhone(contact.phone());
            // a returning shopper giving the details we know: nothing more to look up
            if (byPhone.isPresent() && (contact.email() == null || contact.email().equals(byPhone.get().email()))) return Optional.of(byPhone.get());
            Optional<Customer> byEmail = contact.email() == null ? Optional.empty() : store.byEmail(contact.email());
            if (contact.phone() != null) {
                String other = byEmail.map(Customer::id).filter(id -> byPhone.map(p -> !p.id().equals(id)).orElse(true)).orElse(null);
                if (byPhone.isPresent()) {
                    if (other != null) store.markPossibleDuplicate(byPhone.get().id(), other);
                    return Optional.of(byPhone.get());
                }
                // new by phone; the e-mail is kept (as information, not as a key: see CustomerStore.create) if nobody has it
                Optional<Customer> created = store.create(new Customer(Ids.newId("cus"), contact.name(), contact.phone(),
                        other == null ? contact.email() : null, 0, other));
                if (created.isPresent()) return Optional.of(created.get());
                return Optional.empty(); // another channel created this shopper a moment ago: find them
            }
            if (byEmail.isPresent()) return Optional.of(byEmail.get());
            Optional<Customer> created = store.create(new Customer(Ids.newId("cus"), contact.name(), null, contact.email(), 0, null));
            if (created.isPresent()) return Optional.of(created.get());
            return Optional.empty();
        });
    }

    /**
     * The id of the customer a checkout's contact names, when the lookups read with the checkout (who the phone and the
     * e-mail point at) settle it: a returning shopper giving details we know costs no further read. Otherwise as
     * {@link #identify}.
     */
    public String identifyId(Contact contact, String phoneOwner, String emailOwner) {
        // the phone decides; an e-mail nobody else holds (beside a phone it is no key, so it has no lookup) changes nothing
        if (contact.phone() != null && phoneOwner != null && (contact.email() == null || emailOwner == null || phoneOwner.equals(emailOwner))) {
            return phoneOwner;
        }
        if (contact.phone() == null && contact.email() != null && emailOwner != null) return emailOwner;
        return identify(contact).id();
    }

    /**
     * The customer a verified contact proves: by phone, the customer with that phone (the phone is their key); by e-mail,
     * the customer known by that e-mail alone. An e-mail that reaches a customer with a phone was only typed beside it
     * (nobody proved it belongs to the phone's owner), so it is released and the e-mail's owner gets a customer of their own.
     */
    public Customer proven(Contact verified) {
        if (verified.phone() != null) return identify(new Contact(verified.phone(), null, null));
        Customer found = identify(new Contact(null, verified.email(), null));
        if (found.phone() == null) return found;
        store.releaseEmail(found.id(), verified.email());
        return identify(new Contact(null, verified.email(), null));
    }

    public Optional<Customer> byId(String id) { return store.byId(id); }

    /**
     * The address a vouched customer last shipped to (DESIGN.md "Who may spend what": never for one only named by typed
     * contact details): 422 naming {@code shipToAddressOnFile} without a vouched customer, or with none on file.
     */
    public PostalAddress addressOnFile(String vouchedCustomerId) {
        if (vouchedCustomerId == null) {
            throw new Rejected(Rejected.Kind.UNUSABLE, "address-refused", "Address on file needs the customer", "a saved address is used "
                    + "only for a customer the caller vouches for: give the signed-in customer's customer.customerId", "shipToAddressOnFile",
                    Map.of("reason", "CUSTOMER_REQUIRED"), null);
        }
        return addresses(vouchedCustomerId).stream().findFirst().map(CustomerStore.SavedAddress::address)
                .orElseThrow(() -> Rejected.unusable("shipToAddressOnFile",
                        "customer '" + vouchedCustomerId + "' has no address on file; give shipTo"));
    }

    /** The customer's addresses, the most recently used first. */
    public List<CustomerStore.SavedAddress> addresses(String customerId) { return store.addresses(customerId); }

    /** Keeps an address the customer ships to, for the order's transaction. */
    public Writes addressWrites(String customerId, PostalAddress address, Instant at) {
        return store.addressWrites(customerId, address, at);
    }

    /** Keeps an address the vouched customer asked for, as the newest on file. */
    public void keepAddress(String customerId, PostalAddress address) { store.keepAddress(customerId, address, clock.instant()); }

    /** Whether the customer has an order or a visit at one of these stores. */
    public boolean shoppedAt(String customerId, Set<String> locationIds, String notBy) { return store.shoppedAt(customerId, locationIds, notBy); }

    public Optional<Customer> byPhone(String e164) { return store.byPhone(e164); }
    public Optional<Customer> byEmail(String email) { return store.byEmail(email); }
}
