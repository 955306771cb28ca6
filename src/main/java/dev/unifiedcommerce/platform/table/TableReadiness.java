package dev.unifiedcommerce.platform.table;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;

/** Ready when the table answers: one consistent GetItem of a key no item has (every function may GetItem). */
@Readiness
@ApplicationScoped
public class TableReadiness implements HealthCheck {
    private final Table table;

    public TableReadiness(Table table) { this.table = table; }

    @Override
    public HealthCheckResponse call() {
        try {
            table.client().getItem(b -> b.tableName(table.name()).key(new Key("HEALTH", "HEALTH").asMap()));
            return HealthCheckResponse.up("table " + table.name());
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("table " + table.name()).down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
