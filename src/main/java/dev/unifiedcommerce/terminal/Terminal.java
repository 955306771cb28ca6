package dev.unifiedcommerce.terminal;

import dev.unifiedcommerce.catalog.CatalogStore;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Stores and their card readers: the Stripe Terminal Location of a store (made once), reader registration from the
 * pairing code on the device, removal, the shopper-walked-away cancel, and connection tokens for SDK-driven tills.
 */
@ApplicationScoped
public class Terminal {
    private static final Logger LOG = Logger.getLogger(Terminal.class);

    public record Registration(String registrationCode, String label, String locationId) {}

    private final TerminalGateway gateway;
    private final ReaderStore readers;
    private final CatalogStore catalog;
    private final Instance<ReaderPayments> payments;

    public Terminal(TerminalGateway gateway, ReaderStore readers, CatalogStore catalog, Instance<ReaderPayments> payments) {
        this.gateway = gateway;
        this.readers = readers;
        this.catalog = catalog;
        this.payments = payments;
    }

    /** The store's Stripe Terminal Location, created from its stored address on the first call only. */
    public String terminalLocation(String locationId) {
        Location store = catalog.location(locationId).orElseThrow(() -> Rejected.notFound("location", "locationId", locationId));
        if (store.stripeTerminalLocationId() != null) return store.stripeTerminalLocationId();
        String created = gateway.createLocation(store); // idempotent on the store id: two racing calls get one location
        return readers.attachTerminalLocation(locationId, created);
    }

    private String requireTerminalLocation(String locationId, String field) {
        Location store = catalog.location(locationId).orElseThrow(() -> Rejected.unusable(field, "unknown location '" + locationId + "'"));
        if (store.stripeTerminalLocationId() == null) {
            throw Rejected.unusable(field, "location '" + locationId + "' has no Stripe Terminal location yet (POST /terminal/locations/" + locationId + ")");
        }
        return store.stripeTerminalLocationId();
    }

    public Reader register(Registration r) {
        String stripeLocation = requireTerminalLocation(r.locationId(), "locationId");
        String readerId = Ids.newId("rdr");
        TerminalGateway.RegisteredReader registered;
        try {
            registered = gateway.register(r.registrationCode(), r.label(), stripeLocation, readerId);
        } catch (StripeFailed e) {
            throw explain(e);
        }
        Reader reader = new Reader(readerId, registered.stripeReaderId(), r.label(), r.locationId(), registered.deviceType(), registered.status(), null);
        try {
            readers.save(reader);
        } catch (RuntimeException e) {
            // Not stored here: do not leave it registered at Stripe either.
            try {
                gateway.delete(registered.stripeReaderId());
            } catch (RuntimeException ignored) {
                LOG.warnf("reader %s registered at Stripe but not stored; deleting it at Stripe failed too", registered.stripeReaderId());
            }
            throw e;
        }
        return reader;
    }

    /** Stripe's refusals of what the client sent, as the client's fields. */
    private static RuntimeException explain(StripeFailed e) {
        if (e.ambiguous() || e.param() == null) return e;
        return switch (e.param()) {
            case "registration_code" -> Rejected.unusable("registrationCode",
                    "the pairing code is unknown, expired or already used (" + e.getMessage().replace("the payment provider refused: ", "") + ")");
            case "label" -> Rejected.invalid("label", "was refused by Stripe: " + e.getMessage().replace("the payment provider refused: ", ""));
            case "location" -> Rejected.unusable("locationId", "the store's Stripe Terminal location is not usable");
            default -> e;
        };
    }

    public Reader reader(String readerId) {
        return readers.reader(readerId).orElseThrow(() -> Rejected.notFound("reader", "readerId", readerId));
    }

    public List<Reader> readersAt(String locationId) {
        if (catalog.location(locationId).isEmpty()) throw Rejected.notFound("location", "locationId", locationId);
        return readers.atLocation(locationId);
    }

    public void remove(String readerId) {
        Reader reader = reader(readerId);
        if (reader.busy()) throw Rejected.conflict("reader-busy", "Reader busy", "reader '" + readerId + "' is taking a payment; cancel its action first");
        try {
            gateway.delete(reader.stripeReaderId());
        } catch (StripeFailed e) {
            if (!"resource_missing".equals(e.code())) throw e; // already gone at Stripe: finish here
        }
        readers.delete(readerId);
    }

    /** The shopper walked away: the reader stops asking for the card; the order's hold stays until it expires or is cancelled. */
    public Reader cancelAction(String readerId) {
        Reader reader = reader(readerId);
        gateway.cancelAction(reader.stripeReaderId());
        if (reader.busy()) {
            readers.setAction(readerId, new Reader.Action(Reader.Action.State.CANCELED, reader.action().orderId(), reader.action().paymentIntentId(),
                    "cancelled at the till"), false);
            if (payments.isResolvable()) payments.get().actionCanceled(reader.action().orderId(), readerId);
        }
        return reader(readerId);
    }

    public String connectionToken(String locationId) {
        return gateway.connectionToken(requireTerminalLocation(locationId, "locationId"));
    }
}
