package dev.unifiedcommerce.platform.snapshot;

import dev.unifiedcommerce.platform.Ids;
import dev.unifiedcommerce.platform.pagination.Cursors;
import dev.unifiedcommerce.platform.secrets.Secrets;
import dev.unifiedcommerce.platform.stripe.StripeApi;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * The JVM flavour runs with Lambda SnapStart: the initialised function is snapshotted once and many instances are
 * restored from that one image. Nothing secret or random may live in it, and no connection may be carried across:
 * before the snapshot the cached secrets (Stripe key, webhook secrets, cursor keys) are forgotten and the Stripe client
 * holding the key is dropped; after the restore the id generator is seeded afresh and this instance makes its own
 * cursor key. Connections: none is opened while the function initialises (the DynamoDB and Stripe clients are built by
 * the first request that needs them; the table is never created in AWS); a request made before the snapshot would leave
 * idle keep-alive sockets the JDK cannot be asked to close, which fail on first use after the restore and are retried on a
 * fresh connection by Table's retry. Native images have no snapshot: the hooks never run there.
 */
@ApplicationScoped
public class SnapshotSafety implements Resource {
    private static final Logger LOG = Logger.getLogger(SnapshotSafety.class);

    private final Secrets secrets;
    private final StripeApi stripe;
    private final Cursors cursors;

    public SnapshotSafety(Secrets secrets, StripeApi stripe, Cursors cursors) {
        this.secrets = secrets;
        this.stripe = stripe;
        this.cursors = cursors;
    }

    void register(@Observes StartupEvent started) {
        Core.getGlobalContext().register(this); // a weak reference: this bean lives as long as the application
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        int forgotten = secrets.cached();
        secrets.forgetAll();
        stripe.forgetClient();
        cursors.forgetOwnKey();
        LOG.infof("before snapshot: %d cached secret(s) and the Stripe client dropped", forgotten);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Ids.reseed();
        cursors.forgetOwnKey();
        LOG.info("after restore: id generator seeded afresh");
    }
}
