package dev.unifiedcommerce.platform.pagination;

import dev.unifiedcommerce.platform.errors.Problem;
import dev.unifiedcommerce.platform.secrets.Secrets;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code next} cursors of every list, sealed with an HMAC so a client can only hand back one this API gave it, for
 * the same route, the same caller and the same query: anything else is 400 naming {@code next} (before, a tampered
 * cursor could reach DynamoDB and answer 500). The key comes from the environment or SSM (COMMERCE_CURSOR_KEY /
 * COMMERCE_CURSOR_KEY_PARAMETER; scripts/local-up generates one), read through {@link Secrets} so a roll in SSM is
 * followed within its cache time (5 minutes). Cursors are sealed with the first key and open with any listed one, so
 * a roll that breaks no list people are paging through takes three steps, each left for more than the cache time:
 * "old,new" (every instance accepts new), then "new,old" (new seals), then "new" a day later.
 */
@ApplicationScoped
public class Cursors {
    private static final Logger LOG = Logger.getLogger(Cursors.class);

    @ConfigMapping(prefix = "commerce.cursor")
    public interface CursorConfig {
        Optional<String> key();

        Optional<String> keyParameter();
    }

    private final CursorConfig config;
    private final Secrets secrets;
    private volatile byte[] ownKey;

    public Cursors(CursorConfig config, Secrets secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** The scope a cursor is bound to: caller, path and every query parameter but {@code next}. */
    public static String scope(String caller, UriInfo uri) {
        var query = new TreeMap<String, Object>();
        uri.getQueryParameters().forEach((k, v) -> { if (!k.equals("next")) query.put(k, v); });
        return caller + " " + uri.getPath() + " " + query;
    }

    /** The store's cursor, sealed for this scope (null stays null: the last page). */
    public String seal(String raw, String scope) {
        if (raw == null) return null;
        return raw + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys().getFirst(), scope + "\n" + raw));
    }

    /** The store's cursor out of a sealed one, if this API sealed it for this scope; else 400 naming {@code next}. */
    public String open(String sealed, String scope) {
        if (sealed == null || sealed.isBlank()) return null;
        int dot = sealed.lastIndexOf('.');
        if (dot <= 0 || sealed.length() > 2048) throw notOurs();
        String raw = sealed.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(sealed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        for (byte[] key : keys()) {
            if (MessageDigest.isEqual(given, mac(key, scope + "\n" + raw))) return raw;
        }
        throw notOurs();
    }

    private static Problem notOurs() {
        return Problem.badField("next", "is not a cursor this API returned for this list");
    }

    private static byte[] mac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys, the sealing one first; resolved each time (Secrets caches SSM reads), so a roll is followed. */
    private List<byte[]> keys() {
        List<byte[]> configured = secrets.resolve(config.key(), config.keyParameter()).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        return configured.isEmpty() ? List.of(ownKey()) : configured;
    }

    /** Drops the key made for this instance (before a snapshot: every restored instance makes its own). */
    public void forgetOwnKey() { ownKey = null; }

    private byte[] ownKey() {
        byte[] k = ownKey;
        if (k == null) {
            synchronized (this) {
                if (ownKey == null) {
                    // no shared key: this instance's own; cursors then work only against the instance that made them
                    LOG.warn("no cursor key configured (COMMERCE_CURSOR_KEY or its SSM parameter): using a key of this instance only");
                    byte[] own = new byte[32];
                    new SecureRandom().nextBytes(own);
                    ownKey = own;
                }
                k = ownKey;
            }
        }
        return k;
    }
}
