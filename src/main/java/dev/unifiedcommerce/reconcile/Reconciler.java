package dev.unifiedcommerce.reconcile;

import dev.unifiedcommerce.payment.PaymentDrift;
import dev.unifiedcommerce.payment.PaymentLedger;
import dev.unifiedcommerce.payment.StripeEvent;
import dev.unifiedcommerce.payment.StripeEvents;
import dev.unifiedcommerce.platform.metrics.Metrics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Repairs what webhooks missed (an endpoint down, misconfigured, or with a wrong secret for longer than Stripe retries):
 * each pass reads Stripe's event log from the checkpoint (minus an overlap: the list can lag, and {@code created} has
 * one-second resolution), oldest first, and feeds every event through the same handler as the webhook, whose markers
 * (per event id, per PaymentIntent, per refund) make replays no-ops. Then the orders the window touched are compared
 * with Stripe ({@link PaymentDrift}). Stripe keeps events 30 days: a checkpoint older than that leaves a gap the event
 * log cannot fill, which the pass reports (ERROR, the ReconcilerGapDays metric, its alarm) before starting 30 days back.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    /**
     * One call per group; types[] would take at most 20 exact names. The reader group puts card readers right too.
     * The subscription groups keep subscriptions and their deliveries right.
     */
    static final List<String> TYPE_GROUPS = List.of("payment_intent.*", "charge.*", "refund.*", "checkout.session.*", "terminal.reader.*", "invoice.*",
            "customer.subscription.*", "setup_intent.*");
    static final Duration STRIPE_KEEPS_EVENTS = Duration.ofDays(30);

    @ConfigMapping(prefix = "commerce.reconciler")
    public interface ReconcilerConfig {
        /** Read again before the checkpoint on every pass (at least 5 minutes). */
        @WithDefault("PT5M")
        Duration overlap();

        /** Where the very first pass starts. */
        @WithDefault("PT1H")
        Duration firstLookBack();

        /** The log is read in windows of this size, oldest first; the checkpoint moves after each. */
        @WithDefault("PT1H")
        Duration window();
    }

    public record Pass(int events, int applied, int duplicates, int ignored, int ordersCompared, int drift, Instant through) {}

    private final StripeEventLog log;
    private final Checkpoints checkpoints;
    private final StripeEvents events;
    private final PaymentLedger ledger;
    private final PaymentDrift drift;
    private final ReconcilerConfig config;
    private final Metrics metrics;
    private final Clock clock;

    public Reconciler(StripeEventLog log, Checkpoints checkpoints, StripeEvents events, PaymentLedger ledger, PaymentDrift drift,
                      ReconcilerConfig config, Metrics metrics, Clock clock) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.events = events;
        this.ledger = ledger;
        this.drift = drift;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Pass run() {
        Instant now = clock.instant();
        Instant oldest = now.minus(STRIPE_KEEPS_EVENTS).plus(Duration.ofMinutes(10));
        Instant checkpoint = checkpoints.through().orElse(now.minus(config.firstLookBack()));
        Duration overlap = config.overlap().compareTo(Duration.ofMinutes(5)) < 0 ? Duration.ofMinutes(5) : config.overlap();
        Instant from = checkpoint.minus(overlap);
        if (from.isBefore(oldest)) {
            long days = Duration.between(from, oldest).toDays();
            LOG.errorf("Stripe's event log no longer reaches the checkpoint %s: events of about %d day(s) cannot be replayed; compare those orders with Stripe by hand", checkpoint, days);
            metrics.emit("ReconcilerGapDays", Math.max(days, 1), "Count", Map.of());
            from = oldest;
        }
        int seen = 0, applied = 0, duplicates = 0, ignored = 0, drifted = 0, compared = 0;
        while (from.isBefore(now)) {
            Set<String> touched = new LinkedHashSet<>();
            Instant to = from.plus(config.window()).isBefore(now) ? from.plus(config.window()) : now;
            for (StripeEvent event : log.events(TYPE_GROUPS, from, to)) {
                // a failure here (DynamoDB or Stripe unavailable, a payment not yet recorded) ends the pass before the
                // checkpoint moves past this window: the next pass reads it again, and what was applied stays applied
                switch (events.handle(event)) {
                    case APPLIED -> applied++;
                    case DUPLICATE -> duplicates++;
                    case IGNORED -> ignored++;
                }
                seen++;
                touched.addAll(ordersOf(event));
            }
            // compared before the checkpoint moves on, so no touched order goes unchecked if a later window fails
            for (String orderId : touched) {
                try {
                    if (drift.check(orderId) == PaymentDrift.Verdict.DRIFT) drifted++;
                    compared++;
                } catch (RuntimeException e) {
                    LOG.warnf("order %s could not be compared with Stripe now (%s); the next pass compares it again", orderId, e.getClass().getSimpleName());
                    throw e;
                }
            }
            checkpoints.advance(to);
            from = to;
        }
        metrics.emit("ReconcilerEvents", seen, "Count", Map.of("Outcome", "SEEN"));
        metrics.emit("ReconcilerEvents", applied, "Count", Map.of("Outcome", "APPLIED"));
        if (applied > 0) LOG.warnf("reconciler applied %d event(s) the webhook had missed", applied);
        return new Pass(seen, applied, duplicates, ignored, compared, drifted, now);
    }

    /** The orders an event is about: named in its metadata, or found through the payment it refunds. */
    private Set<String> ordersOf(StripeEvent e) {
        Set<String> out = new LinkedHashSet<>();
        switch (e) {
            case StripeEvent.PaymentSucceeded p -> add(out, p.orderId(), p.paymentIntentId());
            case StripeEvent.SessionPaid s -> add(out, s.orderId(), s.paymentIntentId());
            case StripeEvent.SessionExpired x -> add(out, x.orderId(), null);
            case StripeEvent.PaymentFailed f -> add(out, f.orderId(), f.paymentIntentId());
            case StripeEvent.PaymentCanceled c -> add(out, c.orderId(), c.paymentIntentId());
            case StripeEvent.RefundChanged r -> add(out, r.refund().orderId(), r.refund().paymentIntentId());
            case StripeEvent.ChargeSucceeded c -> add(out, null, c.paymentIntentId());
            case StripeEvent.ChargeRefunded c -> add(out, null, c.paymentIntentId());
            case StripeEvent.InvoicePaid i -> add(out, null, i.invoice().paymentIntentId()); // the delivery its payment is booked on
            case StripeEvent.ReaderActionFinished a -> { }
            case StripeEvent.InvoiceFailed f -> { }
            case StripeEvent.SubscriptionChanged c -> { }
            case StripeEvent.SubscriptionLinkExpired x -> { }
            case StripeEvent.SetupSucceeded x -> { }
            case StripeEvent.ReaderSetupFinished a -> { }
            case StripeEvent.Other o -> { }
        }
        return out;
    }

    private void add(Set<String> out, String orderId, String paymentIntentId) {
        if (orderId != null) {
            out.add(orderId);
        } else if (paymentIntentId != null) {
            ledger.payment(paymentIntentId).ifPresent(p -> out.add(p.orderId()));
        }
    }
}
