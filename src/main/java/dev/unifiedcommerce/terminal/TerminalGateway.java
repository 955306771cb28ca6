package dev.unifiedcommerce.terminal;

import dev.unifiedcommerce.catalog.Location;

import java.util.Optional;

/** Stripe Terminal: locations, reader registration, connection tokens, reader actions. */
public interface TerminalGateway {
    record RegisteredReader(String stripeReaderId, String deviceType, String status) {}

    /** Created once per store (idempotent on the store's id). */
    String createLocation(Location store);

    RegisteredReader register(String registrationCode, String label, String stripeLocationId, String readerId);

    void delete(String stripeReaderId);

    void cancelAction(String stripeReaderId);

    /** A fresh single-use token for the store's Terminal location; never cached, never logged. */
    String connectionToken(String stripeLocationId);

    /** Hands a card_present PaymentIntent to the reader (server-driven integration). */
    default void processPaymentIntent(String stripeReaderId, String paymentIntentId, String idempotencyKey) {
        processPaymentIntent(stripeReaderId, paymentIntentId, idempotencyKey, false);
    }

    /**
     * As above; {@code keepCard}: the customer consented to the tapped card being kept for their subscription (sent as
     * process_config.allow_redisplay=limited, which Stripe requires to save a card after a payment).
     */
    void processPaymentIntent(String stripeReaderId, String paymentIntentId, String idempotencyKey, boolean keepCard);

    /**
     * Hands a card_present SetupIntent to the reader: the tapped card is saved for later charges. {@code consent}: staff
     * confirmed the customer agreed (sent as allow_redisplay=always).
     */
    void processSetupIntent(String stripeReaderId, String setupIntentId, boolean consent, String idempotencyKey);

    /**
     * The reader's current action as Stripe has it: the PaymentIntent or SetupIntent it processes (the other null) and the
     * action's status (or empty).
     */
    record ReaderAction(String paymentIntentId, Reader.Action.State status, String setupIntentId) {
        public ReaderAction(String paymentIntentId, Reader.Action.State status) { this(paymentIntentId, status, null); }
    }

    Optional<ReaderAction> currentAction(String stripeReaderId);
}
