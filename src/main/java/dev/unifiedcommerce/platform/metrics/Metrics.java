package dev.unifiedcommerce.platform.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Business metrics in CloudWatch Embedded Metric Format: one JSON line on stdout per data point, which Lambda ships
 * to CloudWatch Logs and CloudWatch turns into metrics (no API call, no extra latency). Written raw, not through the
 * JSON log formatter, because EMF must be the whole line. Dimensions hold no ids or personal data.
 */
@ApplicationScoped
public class Metrics {
    public static final String NAMESPACE = "UnifiedCommerce";

    @ConfigMapping(prefix = "commerce.metrics")
    public interface MetricsConfig {
        /** Emit EMF lines (on in AWS; off in tests and the local stack, where nobody reads them). */
        @WithDefault("true")
        boolean emf();
    }

    private final MetricsConfig config;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final String function = System.getenv().getOrDefault("COMMERCE_FUNCTION", "all");
    private PrintStream out = System.out;

    public Metrics(MetricsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void count(String name, Map<String, String> dimensions) { emit(name, 1, "Count", dimensions); }

    public void millis(String name, long value, Map<String, String> dimensions) { emit(name, value, "Milliseconds", dimensions); }

    public void emit(String name, double value, String unit, Map<String, String> dimensions) {
        if (!config.emf()) return;
        String line = line(name, value, unit, dimensions);
        synchronized (this) {
            out.println(line);
        }
    }

    /** The EMF document for one data point (public for the test of its shape). */
    public String line(String name, double value, String unit, Map<String, String> dimensions) {
        Map<String, String> dims = new TreeMap<>(dimensions);
        dims.put("Function", function);
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        dims.keySet().forEach(set::add);
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit);
        dims.forEach(root::put);
        root.put(name, value);
        return root.toString();
    }

    void redirect(PrintStream to) { this.out = to; }
}
