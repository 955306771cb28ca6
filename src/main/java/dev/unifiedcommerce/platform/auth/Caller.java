package dev.unifiedcommerce.platform.auth;

import dev.unifiedcommerce.platform.errors.Rejected;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling: subject, roles and (for staff) the stores they work in, from the verified JWT.
 * {@link #requireStore} is the one place that answers 403 for another store's stock.
 */
@RequestScoped
public class Caller {
    public static final String STORES_CLAIM = "custom:stores";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    @Inject
    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /** A stable id for the caller, used to scope idempotency keys and ownership. */
    public String id() {
        String sub = token.getSubject();
        return sub != null ? sub : identity.getPrincipal().getName();
    }

    public boolean isAdmin() { return identity.hasRole(Roles.ADMIN); }
    public boolean isStaff() { return identity.hasRole(Roles.STAFF); }
    public boolean isChannel() { return identity.hasRole(Roles.CHANNEL); }

    /** A channel and nothing more: told only what a channel may know (its bound shoppers, no secret codes). */
    public boolean isChannelOnly() { return isChannel() && !isStaff() && !isAdmin(); }

    public Set<String> stores() {
        Object claim = token.getClaim(STORES_CLAIM);
        if (claim == null) return Set.of();
        return Arrays.stream(claim.toString().replace("\"", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Admin may act on every location; staff only on their own stores; nobody else. */
    public void requireStore(String locationId) {
        if (isAdmin()) return;
        if (isStaff() && stores().contains(locationId)) return;
        throw Rejected.forbidden("you may not act on location '" + locationId + "'");
    }
}
