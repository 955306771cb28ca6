package dev.unifiedcommerce.terminal;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Optional;

public interface ReaderStore {
    void save(Reader reader);
    Optional<Reader> reader(String id);
    List<Reader> atLocation(String locationId);
    void delete(String id);
    /** Records what the reader is doing; {@code onlyIfIdle}: refuse (false) while another payment is in progress. */
    boolean setAction(String readerId, Reader.Action action, boolean onlyIfIdle);
    Writes actionWrites(String readerId, Reader.Action action);
    /** Attaches the Stripe Terminal location id to the store once; returns the id the store ends up with. */
    String attachTerminalLocation(String locationId, String stripeLocationId);
}
