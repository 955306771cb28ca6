package dev.unifiedcommerce.export;

import dev.unifiedcommerce.platform.metrics.Metrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Exporter function's pass (every 15 minutes): a FULL export of the table first, then incremental exports in
 * windows of 15 minutes to 24 hours, each starting where the last completed one ended, chained by the checkpoint.
 * A failed export is started again for the same window (a new attempt, a new client token) on the next pass and
 * counted ({@code ExportsFailed}, alarmed); nothing moves on until it completes, so no change is missed or exported twice.
 */
@ApplicationScoped
public class Exporter {
    private static final Logger LOG = Logger.getLogger(Exporter.class);

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
        ExportCheckpoint at = checkpoints.read().orElse(null);
        if (at != null && at.status() == ExportCheckpoint.Status.IN_PROGRESS) {
            TableExports.State state = exports.describe(at.exportArn());
            switch (state.status()) {
                case IN_PROGRESS -> { return new Pass("IN_PROGRESS", at.window(), at.exportArn()); }
                case COMPLETED -> {
                    ExportCheckpoint done = at.completed();
                    if (!checkpoints.save(done)) return new Pass("MOVED", at.window(), at.exportArn());
                    LOG.infof("export %s of %s..%s completed", at.exportArn(), at.window().from(), at.window().to());
                    at = reread(done);
                }
                case FAILED -> {
                    ExportCheckpoint failed = at.failed(state.failure());
                    if (!checkpoints.save(failed)) return new Pass("MOVED", at.window(), at.exportArn());
                    metrics.count("ExportsFailed", Map.of());
                    LOG.errorf("export %s of %s..%s failed (%s); it is started again", at.exportArn(), at.window().from(), at.window().to(), state.failure());
                    at = reread(failed);
                }
            }
        }
        ExportWindow next;
        int attempts;
        if (at == null) {
            // whole seconds: the API counts time in seconds, and the next window must start exactly where this one ends
            next = ExportWindow.full(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            attempts = 1;
        } else if (at.status() == ExportCheckpoint.Status.FAILED) {
            next = at.window();
            attempts = at.attempts() + 1;
        } else {
            next = ExportWindow.nextAfter(at.exportedTo(), clock.instant().truncatedTo(ChronoUnit.SECONDS));
            if (next == null) return new Pass("UP_TO_DATE", at.window(), at.exportArn());
            attempts = 1;
        }
        String arn = exports.start(next, clientToken(next, attempts));
        if (!checkpoints.save(ExportCheckpoint.started(at, next, arn, attempts))) return new Pass("MOVED", next, arn);
        LOG.infof("export %s started: %s %s..%s (attempt %d)", arn, next.kind(), next.from(), next.to(), attempts);
        return new Pass("STARTED", next, arn);
    }

    /** After saving: the saved checkpoint with its new version (the store counts versions). */
    private ExportCheckpoint reread(ExportCheckpoint saved) { return checkpoints.read().orElse(saved); }

    /** The same window and attempt always give the same token (DynamoDB answers a repeat with the same export). */
    static String clientToken(ExportWindow w, int attempt) {
        String name = w.kind() + "|" + w.from() + "|" + w.to() + "|" + attempt;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, 36);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
