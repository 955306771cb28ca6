package dev.unifiedcommerce.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** A failed test that drew from {@link Seeds} says how to replay it (registered for every test, as StandInReset is). */
public class PrintSeedOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String seed = System.getProperty(Seeds.KEY);
        if (seed == null) return; // nothing random was drawn in this JVM
        System.err.printf("%s failed; random cases in this run were seeded with -D%s=%s (pass it to ./mvnw to replay)%n",
                context.getDisplayName(), Seeds.KEY, seed);
    }
}
