package dev.unifiedcommerce.platform.secrets;

import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The product's one shared HMAC key (list cursors, verification codes): from the environment or SSM
 * (COMMERCE_CURSOR_KEY / COMMERCE_CURSOR_KEY_PARAMETER; scripts/local-up generates one), read through {@link Secrets}
 * so a roll in SSM is followed within its cache time. Values are sealed with the first key and accepted under any
 * listed one ("old,new", then "new,old", then "new": a roll breaks nothing in flight). Each use names its
 * {@code purpose}, so a value sealed for one use never passes for another.
 */
@ApplicationScoped
public class SealingKeys {
    private static final Logger LOG = Logger.getLogger(SealingKeys.class);

    @ConfigMapping(prefix = "commerce.cursor")
    public interface SealingKeyConfig {
        Optional<String> key();

        Optional<String> keyParameter();
    }

    private final SealingKeyConfig config;
    private final Secrets secrets;
    private volatile byte[] ownKey;

    public SealingKeys(SealingKeyConfig config, Secrets secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** HMAC-SHA256 of {@code text} for {@code purpose}, under the sealing (first) key. */
    public byte[] seal(String purpose, String text) { return mac(keys().getFirst(), purpose, text); }

    /** Whether {@code given} is the seal of {@code text} for {@code purpose} under any listed key (constant-time compare). */
    public boolean matches(String purpose, String text, byte[] given) {
        boolean found = false;
        for (byte[] key : keys()) found |= MessageDigest.isEqual(given, mac(key, purpose, text));
        return found;
    }

    private static byte[] mac(byte[] key, String purpose, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // cursors were sealed as "scope\nraw" before purposes existed: that purpose keeps its plain form
            String message = purpose.isEmpty() ? text : purpose + "\u0000" + text;
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys, the sealing one first; resolved each time (Secrets caches SSM reads), so a roll is followed. */
    private List<byte[]> keys() {
        List<byte[]> configured = secrets.resolve(config.key(), config.keyParameter()).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(k -> !k.isEmpty())
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
                    // no shared key: this instance's own; what it seals then opens only on the instance that sealed it
                    LOG.warn("no shared key configured (COMMERCE_CURSOR_KEY or its SSM parameter): using a key of this instance only");
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
