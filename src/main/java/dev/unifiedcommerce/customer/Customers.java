package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Finds the one customer behind a phone number or e-mail, creating them on first sight. */
@ApplicationScoped
public class Customers {
    private final CustomerStore store;

    public Customers(CustomerStore store) { this.store = store; }

    /** The customer this contact belongs to (phone first, then e-mail), created if new. */
    public Customer identify(Contact contact) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Customer> known = contact.phone() != null ? store.byPhone(contact.phone()) : Optional.empty();
            if (known.isEmpty() && contact.email() != null) known = store.byEmail(contact.email());
            if (known.isPresent()) {
                store.claimLookups(known.get(), contact.phone(), contact.email());
                return known.get();
            }
            Optional<Customer> created = store.create(new Customer(Ids.newId("cus"), contact.name(), contact.phone(), contact.email(), 0));
            if (created.isPresent()) return created.get();
            // another channel created this shopper a moment ago: find them
        }
        throw new IllegalStateException("customer lookup keeps changing");
    }

    public Optional<Customer> byPhone(String e164) { return store.byPhone(e164); }
    public Optional<Customer> byEmail(String email) { return store.byEmail(email); }
}
