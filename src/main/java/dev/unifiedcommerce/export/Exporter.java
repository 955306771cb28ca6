package dev.unifiedcommerce.export;

import dev.unifiedcommerce.platform.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The Exporter function's pass (every 15 minutes). A FULL export of the table first, then incremental exports in
 * windows of 15 minutes to 24 hours, each starting where the last completed one ended, chained by the checkpoint; a
 * new FULL export every {@link #FULL_EVERY} (analysts read the latest full export and the windows after it, so
 * exports may expire). A window is claimed in the checkpoint before its export is asked for, and asked for with a
 * token naming the window and the attempt: a pass that dies in between, or two passes at once, start it once. A failed
 * export is started again (a new attempt); after {@link #ATTEMPTS} the chain starts over with a FULL export (a window
 * that fell out of the recovery window can never succeed). Times end {@link #LAG} before now: DynamoDB exports only
 * the past its point-in-time recovery has kept. Every pass reports how far behind the exports are (ExportLagSeconds).
 */
@ApplicationScoped
public class Exporter {
    private static final Logger LOG = Logger.getLogger(Exporter.class);
    static final Duration LAG = Duration.ofMinutes(5), FULL_EVERY = Duration.ofDays(7);
    static final int ATTEMPTS = 3;

    /** What a pass did. */
    public record Pass(String outcome, ExportWindow window, String exportArn) {}

    private final TableExports exports;
    private final ExportCheckpoints checkpoints;
    private final ExportConfig config;
    private final Metrics metrics;
    private final Clock clock;

    public Exporter(TableExports exports, ExportCheckpoints checkpoints, ExportConfig config, Metrics metrics, Clock clock) {
        this.exports = exports;
        this.checkpoints = checkpoints;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Pass run() {
        if (config.bucket().isEmpty()) return new Pass("DISABLED", null, null);
        Pass pass = advance(checkpoints.read().orElse(null));
        checkpoints.read().map(ExportCheckpoint::exportedTo).ifPresent(to ->
                metrics.emit("ExportLagSeconds", Duration.between(to, clock.instant()).toSeconds(), "Seconds", Map.of()));
        return pass;
    }

    private Pass advance(ExportCheckpoint at) {
        if (at != null) {
            switch (at.status()) {
                case PENDING -> { return start(at); }
                case IN_PROGRESS -> {
                    TableExports.State state = exports.describe(at.exportArn());
                    if (state.status() == ExportCheckpoint.Status.IN_PROGRESS) return new Pass("IN_PROGRESS", at.window(), at.exportArn());
                    ExportCheckpoint next = state.status() == ExportCheckpoint.Status.COMPLETED ? at.completed() : at.failed(state.failure());
                    if (!checkpoints.save(next)) return new Pass("MOVED", at.window(), at.exportArn());
                    if (next.status() == ExportCheckpoint.Status.FAILED) failed(at, state.failure());
                    else LOG.infof("export %s of %s %s..%s completed", at.exportArn(), at.window().kind(), at.window().from(), at.window().to());
                    at = checkpoints.read().orElseThrow();
                }
                default -> { }
            }
        }
        Instant latest = clock.instant().minus(LAG).truncatedTo(ChronoUnit.SECONDS);
        ExportWindow next;
        int attempts = 1;
        if (at == null || (at.status() == ExportCheckpoint.Status.FAILED && at.attempts() >= ATTEMPTS)) {
            next = ExportWindow.full(latest); // the first, or the chain starts over
        } else if (at.status() == ExportCheckpoint.Status.FAILED) {
            next = at.window();
            attempts = at.attempts() + 1;
        } else if (at.lastFullAt() == null || !at.lastFullAt().plus(FULL_EVERY).isAfter(latest)) {
            next = ExportWindow.full(latest);
        } else {
            next = ExportWindow.nextAfter(at.exportedTo(), latest);
            if (next == null) return new Pass("UP_TO_DATE", at.window(), at.exportArn());
        }
        ExportCheckpoint claim = ExportCheckpoint.claimed(at, next, attempts);
        if (!checkpoints.save(claim)) return new Pass("MOVED", next, null);
        return start(checkpoints.read().orElseThrow());
    }

    /** Asks for the claimed window's export (again, if a pass died after asking: the same token is the same export). */
    private Pass start(ExportCheckpoint claim) {
        String arn;
        try {
            arn = exports.start(claim.window(), claim.attempts());
        } catch (TableExports.Refused refused) {
            if (checkpoints.save(claim.failed(refused.getMessage()))) failed(claim, refused.getMessage());
            return new Pass("REFUSED", claim.window(), null);
        }
        if (!checkpoints.save(claim.started(arn))) return new Pass("MOVED", claim.window(), arn);
        LOG.infof("export %s started: %s %s..%s (attempt %d)", arn, claim.window().kind(), claim.window().from(), claim.window().to(), claim.attempts());
        return new Pass("STARTED", claim.window(), arn);
    }

    private void failed(ExportCheckpoint at, String why) {
        metrics.count("ExportsFailed", Map.of());
        LOG.errorf("export of %s %s..%s failed (attempt %d: %s); %s", at.window().kind(), at.window().from(), at.window().to(), at.attempts(), why,
                at.attempts() >= ATTEMPTS ? "the chain starts over with a full export" : "it is started again");
    }
}
