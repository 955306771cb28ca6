package dev.unifiedcommerce.platform.pagination;

import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.secrets.SealingKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

import java.util.Base64;
import java.util.TreeMap;

/**
 * The {@code next} cursors of every list, sealed with an HMAC so a client can only hand back one this API gave it, for
 * the same route, the same caller and the same query: anything else is 400 naming {@code next} (before, a tampered
 * cursor could reach DynamoDB and answer 500). The key is the product's shared one ({@link SealingKeys}). Cursors are sealed with the first key and open with any listed one, so
 * a roll that breaks no list people are paging through takes three steps, each left for more than the cache time:
 * "old,new" (every instance accepts new), then "new,old" (new seals), then "new" a day later.
 */
@ApplicationScoped
public class Cursors {
    /** Cursors are sealed in the plain form they had before other uses shared the key. */
    private static final String PURPOSE = "";

    private final SealingKeys keys;

    public Cursors(SealingKeys keys) { this.keys = keys; }

    /** The scope a cursor is bound to: caller, path and every query parameter but {@code next}. */
    public static String scope(String caller, UriInfo uri) {
        var query = new TreeMap<String, Object>();
        uri.getQueryParameters().forEach((k, v) -> { if (!k.equals("next")) query.put(k, v); });
        return caller + " " + uri.getPath() + " " + query;
    }

    /** The store's cursor, sealed for this scope (null stays null: the last page). */
    public String seal(String raw, String scope) {
        if (raw == null) return null;
        return raw + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(keys.seal(PURPOSE, scope + "\n" + raw));
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
        if (keys.matches(PURPOSE, scope + "\n" + raw, given)) return raw;
        throw notOurs();
    }

    private static Rejected notOurs() {
        return Rejected.invalid("next", "is not a cursor this API returned for this list");
    }

    /** Drops the key made for this instance (before a snapshot: every restored instance makes its own). */
    public void forgetOwnKey() { keys.forgetOwnKey(); }
}
