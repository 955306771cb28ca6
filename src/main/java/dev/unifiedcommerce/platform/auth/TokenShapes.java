package dev.unifiedcommerce.platform.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The two kinds of callers and the only token shapes the API takes from them (DESIGN.md "Callers"): people (staff,
 * admins) with Cognito ID tokens ({@code token_use=id}, {@code aud} one of our people-facing app clients), roles from
 * their groups; channels (a web shop's backend, an app's, a chat bot) with OAuth client-credentials access tokens
 * ({@code token_use=access}, {@code client_id} one of our channel clients, carrying the channel scope), the channel
 * role. Anything else is 401, whoever signed it. (The HTTP API's JWT authorizer checks the same audiences first.)
 */
@ApplicationScoped
public class TokenShapes implements SecurityIdentityAugmentor {
    @ConfigMapping(prefix = "commerce.auth")
    public interface AuthConfig {
        /** App clients whose ID tokens people sign in with (the console, the API client). */
        List<String> idTokenAudiences();

        /** App clients of channels (client-credentials). */
        List<String> channelClientIds();

        /** The resource server scope that makes a client-credentials token a channel's. */
        @WithDefault("unified-commerce/channel")
        String channelScope();
    }

    private final AuthConfig config;

    public TokenShapes(AuthConfig config) { this.config = config; }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) return Uni.createFrom().item(identity);
        String use = claim(jwt, "token_use");
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(jwt).addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes()).setAnonymous(false);
        if ("id".equals(use)) {
            boolean ours = jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(config.idTokenAudiences()::contains);
            if (!ours) return refused("ID token for another client");
            // people are admins or staff; a channel is never a person
            identity.getRoles().stream().filter(r -> r.equals(Roles.ADMIN) || r.equals(Roles.STAFF)).forEach(b::addRole);
            return Uni.createFrom().item(b.build());
        }
        if ("access".equals(use)) {
            String clientId = claim(jwt, "client_id");
            Set<String> scopes = Set.copyOf(Arrays.asList(String.valueOf(claim(jwt, "scope")).split(" ")));
            if (clientId == null || !config.channelClientIds().contains(clientId) || !scopes.contains(config.channelScope())) {
                return refused("access token of an unknown client or without the channel scope");
            }
            b.addRole(Roles.CHANNEL);
            return Uni.createFrom().item(b.build());
        }
        return refused("not an ID or access token");
    }

    /** A failed authentication (401), as the security pipeline expects it: a failed Uni, never a thrown exception. */
    private static Uni<SecurityIdentity> refused(String why) {
        return Uni.createFrom().failure(new AuthenticationFailedException(why));
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object v = jwt.getClaim(name);
        return v == null ? null : v.toString().replace("\"", "");
    }
}
