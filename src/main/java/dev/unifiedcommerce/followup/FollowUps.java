package dev.unifiedcommerce.followup;

import dev.unifiedcommerce.platform.metrics.Metrics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The durable outbox's driver (the FollowUps function, every minute): each due follow-up is claimed by one driver
 * (several may run at once), performed by its capability's handler, and deleted once confirmed; a failed attempt is
 * due again after an exponential backoff. One owed longer than {@code overdueAfter} is reported (a FOLLOW_UP payment
 * issue, a metric, an alarm) until it is done.
 */
@ApplicationScoped
public class FollowUps {
    private static final Logger LOG = Logger.getLogger(FollowUps.class);

    @ConfigMapping(prefix = "commerce.follow-ups")
    public interface FollowUpsConfig {
        /** How long one attempt may take before another driver may try (longer than a Stripe call's worst case). */
        @WithDefault("PT2M")
        Duration lease();

        /** When a decided follow-up is first due if the request that decided it does not finish it itself. */
        @WithDefault("PT2M")
        Duration grace();

        @WithDefault("PT1M")
        Duration firstBackoff();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** Owed longer than this: a FOLLOW_UP payment issue and the FollowUpsOverdue metric. */
        @WithDefault("PT15M")
        Duration overdueAfter();

        @WithDefault("50")
        int batch();
    }

    public record Pass(int performed, int retried, int owed) {}

    private final FollowUpStore store;
    private final Map<FollowUp.Kind, FollowUpHandler> handlers = new EnumMap<>(FollowUp.Kind.class);
    private final OverdueFollowUps overdue;
    private final FollowUpsConfig config;
    private final Metrics metrics;
    private final Clock clock;
    private final List<FollowUpRound> rounds = new CopyOnWriteArrayList<>();

    @Inject
    public FollowUps(FollowUpStore store, Instance<FollowUpHandler> handlers, Instance<OverdueFollowUps> overdue, Instance<FollowUpRound> rounds,
                     FollowUpsConfig config, Metrics metrics, Clock clock) {
        this(store, handlers.stream().toList(), overdue.isResolvable() ? overdue.get() : null, config, metrics, clock);
        rounds.forEach(this.rounds::add);
    }

    /** Wired by hand (benchmarks); handlers may be added later, once the capabilities that own them exist. */
    public FollowUps(FollowUpStore store, List<FollowUpHandler> handlers, OverdueFollowUps overdue, FollowUpsConfig config,
                     Metrics metrics, Clock clock) {
        this.store = store;
        handlers.forEach(this::register);
        this.overdue = overdue;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void register(FollowUpHandler h) { h.kinds().forEach(k -> this.handlers.put(k, h)); }

    /** When a follow-up decided now is first due: after the deciding request had its chance to do it itself. */
    public Instant firstDue() { return clock.instant().plus(config.grace()); }

    /** One pass: every follow-up due now, page after page while pages are full and make progress. */
    public Pass run() {
        int performed = 0, retried = 0, page;
        do {
            var due = store.due(clock.instant(), config.batch());
            page = 0;
            for (FollowUp f : due) {
                Attempt a;
                try {
                    a = attempt(f);
                } catch (RuntimeException e) {
                    // one follow-up's bookkeeping failing (DynamoDB busy) must not stop the others; its lease lapses
                    LOG.errorf("follow-up %s could not be recorded: %s", f.id(), e.getClass().getSimpleName());
                    a = Attempt.RETRY;
                }
                switch (a) {
                    case DONE -> { performed++; page++; }
                    case RETRY -> retried++;
                    case TAKEN -> { }
                }
            }
            if (due.size() < config.batch()) break;
        } while (page > 0);
        if (overdue != null) {
            try {
                overdue.settledElsewhere(id -> store.followUp(id).isPresent());
            } catch (RuntimeException e) {
                LOG.warnf("closing settled follow-up issues failed: %s", e.getClass().getSimpleName());
            }
        }
        for (FollowUpRound round : rounds) {
            try {
                String did = round.run();
                if (did != null) LOG.info(did);
            } catch (RuntimeException e) {
                LOG.warnf("%s failed: %s", round.getClass().getSimpleName(), e.getClass().getSimpleName());
            }
        }
        var backlog = store.backlog(clock.instant(), 1000);
        metrics.emit("FollowUpsOwed", backlog.count(), "Count", Map.of());
        long oldestMinutes = backlog.oldest() == null ? 0 : Duration.between(backlog.oldest(), clock.instant()).toMinutes();
        metrics.emit("FollowUpsOldestMinutes", oldestMinutes, "Count", Map.of());
        if (performed + retried > 0) LOG.infof("follow-ups: %d done, %d to retry, %d owed", performed, retried, backlog.count());
        return new Pass(performed, retried, backlog.count());
    }

    private enum Attempt { DONE, RETRY, TAKEN }

    private Attempt attempt(FollowUp seen) {
        Instant now = clock.instant();
        var claimed = store.claim(seen, now, now.plus(config.lease()));
        if (claimed.isEmpty()) return Attempt.TAKEN; // another driver has it
        FollowUp f = claimed.get();
        FollowUpHandler handler = handlers.get(f.kind());
        FollowUpHandler.Result result;
        try {
            result = handler == null ? new FollowUpHandler.Result.Retry("no handler for " + f.kind() + " in this function")
                    : handler.perform(f);
        } catch (RuntimeException e) {
            LOG.warnf("follow-up %s attempt %d failed: %s", f.id(), f.attempts(), e.getClass().getSimpleName());
            result = new FollowUpHandler.Result.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        switch (result) {
            case FollowUpHandler.Result.Done done -> {
                store.done(f.id());
                if (overdue != null && f.createdAt().plus(config.overdueAfter()).isBefore(now)) overdue.settled(f);
                metrics.count("FollowUpsDone", Map.of("Kind", f.kind().name()));
                return Attempt.DONE;
            }
            case FollowUpHandler.Result.Retry retry -> {
                store.retryAt(f, now.plus(backoff(f.attempts())), retry.why(), retry.data());
                if (overdue != null && f.createdAt().plus(config.overdueAfter()).isBefore(now)) overdue.overdue(f);
                return Attempt.RETRY;
            }
        }
    }

    private Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 12);
        Duration d = config.firstBackoff().multipliedBy(factor);
        return d.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : d;
    }
}
