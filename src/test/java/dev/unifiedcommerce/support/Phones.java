package dev.unifiedcommerce.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Phone numbers no other test of this JVM uses (each test JVM has its own DynamoDB Local): counted, not drawn at random,
 * so a failing test names the same number when it runs again.
 */
public final class Phones {
    /**
     * One count for the whole JVM. Quarkus loads the test classes again for each test profile, so a static counter would
     * start over while the table still holds the customers of the numbers already given; a JDK AtomicLong kept in the
     * system properties is the same object for every class loader.
     */
    private static final AtomicLong NEXT = (AtomicLong) System.getProperties().computeIfAbsent("uc.test.phones", k -> new AtomicLong());

    private Phones() {}

    /** {@code prefix} and eight digits (e.g. "+8190" for a Japanese mobile). */
    public static String unique(String prefix) { return unique(prefix, 8); }

    /** {@code prefix} and {@code digits} digits, the first never 0. */
    public static String unique(String prefix, int digits) {
        long first = (long) Math.pow(10, digits - 1);
        return prefix + (first + NEXT.getAndIncrement() % (9 * first));
    }
}
