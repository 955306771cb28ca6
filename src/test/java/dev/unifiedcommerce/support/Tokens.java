package dev.unifiedcommerce.support;

import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens signed with the dev key, shaped like Cognito's: roles in cognito:groups, stores in custom:stores. */
public final class Tokens {
    public static final String ISSUER = "https://dev.unified-commerce.local";

    private Tokens() {}

    public static String admin() { return token("admin-1", "admin"); }
    public static String channel() { return token("web-shop", "channel"); }
    public static String channel(String subject) { return token(subject, "channel"); }
    public static String staff(String... stores) { return token("staff-" + String.join("-", stores), "staff", stores); }

    /**
     * A person's ID token (admin, staff: token_use=id, aud the dev console client, groups and stores) or a channel's
     * client-credentials access token (token_use=access, client_id the dev channel client, the channel scope), as
     * Cognito issues them.
     */
    public static String token(String subject, String role, String... stores) {
        // the same caller gets the same token for a while: signing (RSA) costs the test thread more than the request it
        // authorises, and a token is good for an hour
        String caller = subject + "|" + role + "|" + String.join(",", stores);
        Signed signed = SIGNED.get(caller);
        if (signed == null || signed.at().isBefore(Instant.now().minus(REUSE))) {
            signed = new Signed(sign(subject, role, stores), Instant.now());
            SIGNED.put(caller, signed);
        }
        return signed.token();
    }

    private record Signed(String token, Instant at) {}

    private static final Duration REUSE = Duration.ofMinutes(10);
    private static final Map<String, Signed> SIGNED = new ConcurrentHashMap<>();

    private static String sign(String subject, String role, String... stores) {
        if (role.equals("channel")) {
            return Jwt.issuer(ISSUER).subject(subject).claim("token_use", "access").claim("client_id", "dev-channel")
                    .claim("scope", "unified-commerce/channel").expiresIn(Duration.ofHours(1)).sign();
        }
        var b = Jwt.issuer(ISSUER).subject(subject).audience("dev-console").claim("token_use", "id")
                .claim("cognito:groups", List.of(role)).expiresIn(Duration.ofHours(1));
        if (stores.length > 0) b.claim("custom:stores", String.join(",", stores));
        return b.sign();
    }

    public static String bearer(String token) { return "Bearer " + token; }
}
