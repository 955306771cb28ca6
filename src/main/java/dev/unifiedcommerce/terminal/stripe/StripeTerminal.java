package dev.unifiedcommerce.terminal.stripe;

import com.stripe.param.terminal.ConnectionTokenCreateParams;
import com.stripe.param.terminal.LocationCreateParams;
import com.stripe.param.terminal.ReaderCancelActionParams;
import com.stripe.param.terminal.ReaderCreateParams;
import com.stripe.param.terminal.ReaderProcessPaymentIntentParams;
import com.stripe.param.terminal.ReaderProcessSetupIntentParams;
import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.platform.provider.StripeNames;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import dev.unifiedcommerce.terminal.Reader;
import dev.unifiedcommerce.terminal.TerminalGateway;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Stripe Terminal through stripe-java; creates are idempotent on our own ids. */
@ApplicationScoped
public class StripeTerminal implements TerminalGateway {
    private final StripeApi stripe;

    public StripeTerminal(StripeApi stripe) { this.stripe = stripe; }

    @Override
    public String createLocation(Location store) {
        var a = store.address();
        var params = LocationCreateParams.builder().setDisplayName(store.name())
                .setAddress(LocationCreateParams.Address.builder().setLine1(a.line1()).setCity(a.city())
                        .setPostalCode(a.postalCode()).setCountry(a.country()).build())
                .putMetadata("locationId", store.id()).build();
        return stripe.write("create Terminal Location", () -> stripe.client().v1().terminal().locations()
                .create(params, StripeApi.idempotent("uc-terminal-location-" + store.id()))).getId();
    }

    @Override
    public RegisteredReader register(String registrationCode, String label, String stripeLocationId, String readerId) {
        var params = ReaderCreateParams.builder().setRegistrationCode(registrationCode).setLabel(label).setLocation(stripeLocationId)
                .putMetadata("readerId", readerId).build();
        var r = stripe.write("register Reader", () -> stripe.client().v1().terminal().readers()
                .create(params, StripeApi.idempotent("uc-reader-" + readerId)));
        return new RegisteredReader(r.getId(), r.getDeviceType(), r.getStatus());
    }

    @Override
    public void delete(String stripeReaderId) {
        stripe.write("delete Reader", () -> stripe.client().v1().terminal().readers().delete(stripeReaderId));
    }

    @Override
    public void cancelAction(String stripeReaderId) {
        stripe.write("cancel Reader action", () -> stripe.client().v1().terminal().readers().cancelAction(stripeReaderId,
                ReaderCancelActionParams.builder().build()));
    }

    @Override
    public String connectionToken(String stripeLocationId) {
        return stripe.write("create ConnectionToken", () -> stripe.client().v1().terminal().connectionTokens()
                .create(ConnectionTokenCreateParams.builder().setLocation(stripeLocationId).build())).getSecret();
    }

    @Override
    public void processPaymentIntent(String stripeReaderId, String paymentIntentId, String idempotencyKey, boolean keepCard) {
        var b = ReaderProcessPaymentIntentParams.builder().setPaymentIntent(paymentIntentId);
        if (keepCard) {
            b.setProcessConfig(ReaderProcessPaymentIntentParams.ProcessConfig.builder()
                    .setAllowRedisplay(ReaderProcessPaymentIntentParams.ProcessConfig.AllowRedisplay.LIMITED).build());
        }
        var params = b.build();
        stripe.write("process PaymentIntent on Reader", () -> stripe.client().v1().terminal().readers().processPaymentIntent(stripeReaderId,
                params, StripeApi.idempotent(idempotencyKey)));
    }

    @Override
    public void processSetupIntent(String stripeReaderId, String setupIntentId, boolean consent, String idempotencyKey) {
        // allow_redisplay replaced customer_consent_collected (API 2024-06): the customer's consent to keep and reuse the card
        var params = ReaderProcessSetupIntentParams.builder().setSetupIntent(setupIntentId)
                // limited: kept for this customer's subscription, not offered in other checkouts
                .setAllowRedisplay(consent ? ReaderProcessSetupIntentParams.AllowRedisplay.LIMITED
                        : ReaderProcessSetupIntentParams.AllowRedisplay.UNSPECIFIED).build();
        stripe.write("process SetupIntent on Reader", () -> stripe.client().v1().terminal().readers().processSetupIntent(stripeReaderId, params,
                StripeApi.idempotent(idempotencyKey)));
    }

    /** Stripe's in_progress, succeeded, failed; a word added later reads as still in progress (a webhook will end it). */
    private static Reader.Action.State stateOf(String stripeWord) {
        return StripeNames.read(Reader.Action.State.class, stripeWord, Reader.Action.State.IN_PROGRESS);
    }

    @Override
    public Optional<ReaderAction> currentAction(String stripeReaderId) {
        var reader = stripe.call("read Reader", () -> stripe.client().v1().terminal().readers().retrieve(stripeReaderId));
        var action = reader.getAction();
        if (action == null) return Optional.empty();
        if (action.getProcessSetupIntent() != null) {
            return Optional.of(new ReaderAction(null, stateOf(action.getStatus()), action.getProcessSetupIntent().getSetupIntent()));
        }
        if (action.getProcessPaymentIntent() == null) return Optional.empty();
        return Optional.of(new ReaderAction(action.getProcessPaymentIntent().getPaymentIntent(), stateOf(action.getStatus())));
    }
}
