package dev.unifiedcommerce.support;

import org.jboss.logging.MDC;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log record of the application while attached, as "logger message [exception chain] requestId=...": what
 * would reach CloudWatch, for tests that check what logs must and must not say.
 */
public final class LogCapture extends Handler {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LogCapture attach() {
        Logger.getLogger("").addHandler(this);
        return this;
    }

    public void detach() { Logger.getLogger("").removeHandler(this); }

    public List<String> lines() { return lines; }

    public String all() { return String.join("\n", lines); }

    public void clear() { lines.clear(); }

    @Override
    public void publish(LogRecord r) {
        StringBuilder sb = new StringBuilder(r.getLoggerName()).append(' ');
        try {
            sb.append(r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters()));
        } catch (RuntimeException e) {
            sb.append(r.getMessage());
        }
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) sb.append(' ').append(t);
        lines.add(sb.append(" requestId=").append(MDC.get("requestId")).toString());
    }

    @Override public void flush() {}
    @Override public void close() {}
}
