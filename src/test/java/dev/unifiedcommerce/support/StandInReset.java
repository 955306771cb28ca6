package dev.unifiedcommerce.support;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Around every test of the suite (registered for all of them: META-INF/services, with JUnit's extension autodetection on in the pom): the
 * Stripe stand-in sends events nowhere, has no faults, and nothing it owes a previous test is still on its way. A test
 * that wants webhooks turns them on itself, so no event of one test lands in the next.
 */
public class StandInReset implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) { reset(); }

    @Override
    public void afterEach(ExtensionContext context) { reset(); }

    /**
     * The stand-in lives in the class loader Quarkus runs the tests in; this extension is loaded by JUnit's, so it finds
     * the stand-in's reset as a plain Runnable the stand-in published (a JDK type both loaders share).
     */
    static void reset() {
        if (System.getProperties().get(StripeStandIn.RESET) instanceof Runnable reset) reset.run();
    }
}
