package dev.unifiedcommerce.customer.http;

import dev.unifiedcommerce.customer.Verifications;
import dev.unifiedcommerce.customer.Vouch;
import dev.unifiedcommerce.platform.auth.Caller;
import dev.unifiedcommerce.platform.errors.Rejected;
import jakarta.enterprise.context.RequestScoped;

import java.util.Map;

/**
 * The one place that decides which customer a request names and whether the caller may use what that customer owns
 * (DESIGN.md "Who may spend what"). A channel names its shopper by {@code shopperRef} (bound after a verified contact)
 * or by a customer id it bound that way, never by an id it merely learnt; staff name any customer they looked up, and
 * vouch for them with a verification the shopper confirmed. A channel is never shown the id of a customer it has not bound.
 */
@RequestScoped
public class CustomerAccess {
    /** A customer a request names; {@code vouch}: why the caller may use what they own (null: identified only). */
    public record Named(String customerId, Vouch vouch) {
        public static final Named NONE = new Named(null, null);

        /** The customer whose points, codes and address on file this request may use, if any. */
        public String vouchedId() { return vouch == null ? null : customerId; }

        /** A customer the request names without proof (staff's look-up), if any. */
        public String unprovenId() { return vouch == null ? customerId : null; }
    }

    private final Caller caller;
    private final Verifications verifications;

    public CustomerAccess(Caller caller, Verifications verifications) {
        this.caller = caller;
        this.verifications = verifications;
    }

    /**
     * The customer named by a request's {@code customer} part ({@code prefix} names it in errors). Checked before any
     * other rule of the request, so an unbound id is 403 whatever else the request asks.
     */
    public Named named(String customerId, String shopperRef, String verificationId, String prefix) {
        return named(customerId, shopperRef, verificationId, null, prefix);
    }

    /**
     * As above; {@code proof} CARD: staff vouch for {@code customerId} by the tap of a card already linked to them (the
     * sale's payment checks it).
     */
    public Named named(String customerId, String shopperRef, String verificationId, String proof, String prefix) {
        if (proof != null) {
            if (channelOnly()) throw Rejected.invalid(field(prefix, "proof"), "is for staff at the till; a channel names its verified shopper by shopperRef");
            if (customerId == null || shopperRef != null || verificationId != null) {
                throw Rejected.invalid(field(prefix, "proof"), "goes with customerId alone: the card tapped must be that customer's");
            }
            return new Named(customerId, new Vouch(caller.id(), Vouch.How.CARD, null));
        }
        if (shopperRef != null) {
            if (!channelOnly()) {
                throw Rejected.invalid(field(prefix, "shopperRef"), "is a channel's id for its signed-in shopper; at the till give customerId and verificationId");
            }
            if (customerId != null || verificationId != null) throw Rejected.invalid(field(prefix, "shopperRef"), "names the shopper alone");
            String id = verifications.customerOf(caller.id(), shopperRef).orElseThrow(() -> new Rejected(Rejected.Kind.UNUSABLE, "shopper-not-verified",
                    "Shopper not verified", "shopper '" + shopperRef + "' has no verified contact yet: POST /customers/verifications with this "
                    + "shopperRef, then confirm the code", field(prefix, "shopperRef"), Map.of("reason", "SHOPPER_NOT_VERIFIED"), null));
            return new Named(id, new Vouch(caller.id(), Vouch.How.SHOPPER, shopperRef));
        }
        if (verificationId != null) {
            var proven = verifications.proof(caller.id(), verificationId, customerId, field(prefix, "verificationId"));
            return new Named(proven.customerId(), proven.vouch());
        }
        if (customerId == null) return Named.NONE;
        if (channelOnly()) {
            requireBound(customerId, field(prefix, "customerId"));
            return new Named(customerId, new Vouch(caller.id(), Vouch.How.BOUND, null));
        }
        return new Named(customerId, null);
    }

    /** 403 naming {@code field} when a channel names a customer none of its shoppers is bound to. */
    public void requireBound(String customerId, String field) {
        if (channelOnly() && !verifications.isBound(caller.id(), customerId)) {
            throw new Rejected(Rejected.Kind.FORBIDDEN, "customer-not-bound", "Not your shopper", "a channel uses a customer's id only for a shopper it verified and "
                    + "bound (POST /customers/verifications with shopperRef)", field, Map.of(), null);
        }
    }

    /** {@code customerId} as this caller may see it: to a channel only for a customer it bound, else null. */
    public String visible(String customerId) {
        if (customerId == null || !channelOnly()) return customerId;
        return verifications.isBound(caller.id(), customerId) ? customerId : null;
    }

    /**
     * {@code customerId} in the answer to a request that named its customer as {@code named}: to a channel only when it
     * vouched for them (its bound shopper; a typed phone or e-mail names nobody it may be told of). Costs no read.
     */
    public String visible(String customerId, Named named) {
        if (customerId == null || !channelOnly()) return customerId;
        // its bound shopper only: a code proves the contact at this checkout, it binds nobody to the channel
        return named.vouch() != null && (named.vouch().how() == Vouch.How.SHOPPER || named.vouch().how() == Vouch.How.BOUND)
                && customerId.equals(named.customerId()) ? customerId : null;
    }

    /** A field of the request's customer part ({@code prefix} empty: a top-level field). */
    private static String field(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    private boolean channelOnly() { return caller.isChannelOnly(); }
}
