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
        // one draw of 128 bits (a SecureRandom call may be a system call: one per id, not one per character), ten base-36
        // characters from each half; the modulo bias is under 1 in 5,000 per character, ~103 bits stay unguessable
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        char[] out = new char[20];
        for (int half = 0; half < 2; half++) {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (bits[half * 8 + i] & 0xff);
            for (int i = 0; i < 10; i++) {
                out[half * 10 + i] = ALPHABET[(int) Long.remainderUnsigned(v, ALPHABET.length)];
                v = Long.divideUnsigned(v, ALPHABET.length);
            }
        }
        return prefix + "_" + new String(out);
    }
}
