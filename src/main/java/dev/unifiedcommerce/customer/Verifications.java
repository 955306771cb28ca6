package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.messaging.Messages;
import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.ratelimit.RateLimits;
import dev.unifiedcommerce.platform.secrets.SealingKeys;
import dev.unifiedcommerce.platform.transaction.Writes;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Proof that a shopper holds a phone or an e-mail address (DESIGN.md "Who may spend what"): a 6-digit code sent there,
 * given back to the caller that asked for it. A channel's confirm binds its shopper ({@code shopperRef}) to the
 * customer; staff at the till use a confirmed verification as the shopper's proof for a while. Codes are kept only as
 * a keyed hash (the product's shared key, so any instance can check them), live {@code code-lifetime}, allow
 * {@code max-tries} wrong answers, and are sent at most so often per destination and per shopper (not per channel: a
 * channel is one caller for all its shoppers).
 */
@ApplicationScoped
public class Verifications {
    private static final String PURPOSE = "verification-code";
    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigMapping(prefix = "commerce.verification")
    public interface VerificationConfig {
        @WithDefault("PT10M")
        Duration codeLifetime();

        @WithDefault("5")
        int maxTries();

        /** How long a confirmed verification proves the shopper at the till (their points, codes, credit). */
        @WithDefault("PT30M")
        Duration proofLifetime();

        @WithDefault("5")
        int perDestinationPerHour();

        @WithDefault("5")
        int perShopperPerHour();

        /** A ceiling per caller against SMS pumping through one stolen client credential; far above any shop's real use. */
        @WithDefault("2000")
        int perCallerPerHour();
    }

    /** What the caller is told: the verification, where the code went (masked) and until when it works. */
    public record Started(String verificationId, String sentTo, Instant expiresAt) {}

    private final VerificationStore store;
    private final Customers customers;
    private final Messages messages;
    private final RateLimits limits;
    private final SealingKeys keys;
    private final VerificationConfig config;
    private final Clock clock;

    public Verifications(VerificationStore store, Customers customers, Messages messages, RateLimits limits, SealingKeys keys,
                         VerificationConfig config, Clock clock) {
        this.store = store;
        this.customers = customers;
        this.messages = messages;
        this.limits = limits;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Sends a new code to {@code destination} (an E.164 mobile number or a lower-case e-mail, checked by the caller).
     * 429 past the limits; 502 when the message could not be sent.
     */
    public Started start(String caller, Verification.Kind kind, String destination, String shopperRef) {
        String field = kind == Verification.Kind.PHONE ? "phone" : "email";
        Duration hour = Duration.ofHours(1);
        // the shopper's own limit first: one shopper over its limit must not also spend the destination's allowance
        if (shopperRef != null) {
            limits.consume("verify-ref#" + caller + "#" + shopperRef, config.perShopperPerHour(), hour, "shopperRef",
                    "too many codes for this shopper this hour; try again later");
        }
        limits.consume("verify-to#" + destination, config.perDestinationPerHour(), hour, field,
                "too many codes sent to this " + (kind == Verification.Kind.PHONE ? "number" : "address") + " this hour; try again later");
        limits.consume("verify-by#" + caller, config.perCallerPerHour(), hour, field, "too many codes sent by this caller this hour");
        String id = Ids.newId("ver");
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        Instant expiresAt = clock.instant().plus(config.codeLifetime()).truncatedTo(ChronoUnit.SECONDS);
        store.create(new Verification(id, caller, kind, destination, shopperRef, hash(id, code), expiresAt, 0, Verification.Status.PENDING, null, null));
        String text = code + " is your verification code. It expires in " + config.codeLifetime().toMinutes()
                + " minutes. Nobody from the shop will ever ask you for it.";
        if (!sent(kind, destination, text)) {
            throw new Rejected(Rejected.Kind.UPSTREAM_FAILED, "code-not-sent", "Code not sent", "the code could not be sent to " + Verification.mask(kind, destination)
                    + "; try again", field, Map.of(), null);
        }
        return new Started(id, Verification.mask(kind, destination), expiresAt);
    }

    /** A confirmed contact's customer, and the channel's shopper now bound to them (null: none was named). */
    public record Confirmed(String customerId, String shopperRef) {}

    /**
     * The customer the verified contact belongs to (created on first sight), when {@code code} is right: 404 for anyone
     * but the caller that started it, 410 once confirmed, expired or out of tries, 422 naming {@code code} when wrong.
     * A channel's shopper named at the start is bound to that customer in the same transaction.
     */

    public Confirmed confirm(String caller, String id, String code) {
        Verification v = store.get(id).filter(x -> x.startedBy().equals(caller))
                .orElseThrow(() -> Rejected.notFound("verification", "verificationId", id));
        Instant now = clock.instant();
        if (v.status() == Verification.Status.CONFIRMED) throw gone(id, "was confirmed already");
        if (v.expired(now)) throw gone(id, "has expired; ask for a new code");
        if (v.tries() >= config.maxTries()) throw gone(id, "had too many wrong codes; ask for a new code");
        if (!keys.matches(PURPOSE, id + "\n" + code, Base64.getDecoder().decode(v.codeHash()))) {
            if (!store.countWrongTry(id, config.maxTries())) throw gone(id, "is no longer open; ask for a new code");
            int left = config.maxTries() - v.tries() - 1;
            throw new Rejected(Rejected.Kind.UNUSABLE, "wrong-code", "Wrong code", "that is not the code sent to " + v.maskedDestination()
                    + (left > 0 ? "; " + left + " tries left" : "; no tries left, ask for a new code"), "code", Map.of("triesLeft", left), null);
        }
        Customer c = customers.proven(v.kind() == Verification.Kind.PHONE ? new Contact(v.destination(), null, null)
                : new Contact(null, v.destination(), null));
        Writes bind = v.shopperRef() == null ? Writes.none()
                : store.bindWrites(caller, v.shopperRef(), c.id(), store.customerOf(caller, v.shopperRef()).orElse(null), now);
        if (!store.confirm(v, c.id(), now, config.maxTries(), bind)) throw gone(id, "is no longer open");
        return new Confirmed(c.id(), v.shopperRef());
    }

    /**
     * A confirmed verification of {@code caller}'s as proof that the shopper in front of them is {@code customerId}
     * (null: whoever it proved); 422 naming {@code field} when it is unknown, not confirmed, of another customer or
     * older than the proof lifetime.
     */
    public Proven proof(String caller, String verificationId, String customerId, String field) {
        Verification v = store.get(verificationId).filter(x -> x.startedBy().equals(caller))
                .orElseThrow(() -> Rejected.unusable(field, "unknown verification '" + verificationId + "'"));
        if (v.status() != Verification.Status.CONFIRMED) throw Rejected.unusable(field, "verification '" + verificationId + "' is not confirmed");
        if (customerId != null && !customerId.equals(v.customerId())) {
            throw Rejected.unusable(field, "verification '" + verificationId + "' proves another customer");
        }
        if (v.confirmedAt().plus(config.proofLifetime()).isBefore(clock.instant())) {
            throw Rejected.unusable(field, "verification '" + verificationId + "' is too old to vouch; verify the shopper again");
        }
        return new Proven(v.customerId(), new Vouch(caller, Vouch.How.CODE, verificationId));
    }

    /** A customer and why the caller may use what they own. */
    public record Proven(String customerId, Vouch vouch) {}

    /** The customer a channel's shopper is bound to. */
    public Optional<String> customerOf(String caller, String shopperRef) { return store.customerOf(caller, shopperRef); }

    /** Whether the channel bound one of its shoppers to this customer. */
    public boolean isBound(String caller, String customerId) { return store.isBound(caller, customerId); }

    private String hash(String id, String code) { return Base64.getEncoder().encodeToString(keys.seal(PURPOSE, id + "\n" + code)); }

    private static Rejected gone(String id, String why) {
        return new Rejected(Rejected.Kind.GONE, "verification-gone", "Verification closed", "verification '" + id + "' " + why, "verificationId", Map.of(), null);
    }

    /** The code by SMS or e-mail, through the product's one sender; false when it could not be sent. */
    private boolean sent(Verification.Kind kind, String destination, String text) {
        return switch (kind) {
            case PHONE -> messages.send("verification", text, Map.of(), destination, null).stream().allMatch(Messages.Outcome::delivered);
            case EMAIL -> messages.email("verification", destination, "Your verification code", text);
        };
    }
}
