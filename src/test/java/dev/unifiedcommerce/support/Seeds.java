package dev.unifiedcommerce.support;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Randomness a failure can be replayed from. One seed per test JVM, fresh each run so the random cases keep exploring;
 * {@code -Duc.seed=N} replays a run, and {@link PrintSeedOnFailure} names the seed when a test fails. The seed is a
 * system property: Quarkus loads the tests in a class loader of its own, JUnit's extensions live in the application's,
 * and a JDK type is what both see.
 */
public final class Seeds {
    static final String KEY = "uc.seed";

    private Seeds() {}

    /** This run's seed. */
    public static synchronized long run() {
        String seed = System.getProperty(KEY);
        if (seed == null || seed.isBlank()) {
            seed = Long.toString(new SecureRandom().nextLong());
            System.setProperty(KEY, seed);
        }
        return Long.parseLong(seed.trim());
    }

    /** A generator for one purpose, from the run's seed and the purpose (two purposes never share one sequence). */
    public static Random random(String purpose) { return new Random(run() ^ (purpose.hashCode() * 0x9E3779B97F4A7C15L)); }
}
