package dev.unifiedcommerce.platform;

import java.security.SecureRandom;

/** Our own ids: a prefix naming the kind (res_, ord_...) and 20 random characters; opaque to clients. */
public final class Ids {
    /** What SKUs, location ids and our ids look like; anything else in a path or body is refused. */
    public static final String PATTERN = "[A-Za-z0-9._-]{1,64}";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    // Replaced after a SnapStart restore: every instance restored from one snapshot would otherwise share its state.
    private static volatile SecureRandom random = new SecureRandom();

    private Ids() {}

    /** A new generator, seeded from the system now (after a snapshot is restored). */
    public static void reseed() { random = new SecureRandom(); }

    public static String newId(String prefix) {
        SecureRandom r = random;
        char[] out = new char[20];
        for (int i = 0; i < out.length; i++) out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return prefix + "_" + new String(out);
    }
}
