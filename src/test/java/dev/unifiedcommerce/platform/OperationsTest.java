package dev.unifiedcommerce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.platform.metrics.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Health for the operator, and metrics in the Embedded Metric Format CloudWatch reads from the logs. */
@QuarkusTest
class OperationsTest {
    @Test
    void theHealthEndpointReportsTheTable() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body("checks.name", hasItem(startsWith("table ")));
    }

    @Test
    void aMetricIsOneEmfDocumentCloudWatchCanRead() throws Exception {
        Metrics metrics = new Metrics(() -> true, Clock.systemUTC());
        JsonNode line = new ObjectMapper().readTree(metrics.line("Checkouts", 1, "Count", Map.of("Channel", "SMS", "Method", "LINK")));
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("UnifiedCommerce");
        assertThat(directive.at("/Dimensions/0").toString()).contains("Channel", "Method", "Function");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("Checkouts");
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(line.get("Checkouts").asDouble()).isEqualTo(1.0);
        assertThat(line.get("Channel").asText()).isEqualTo("SMS");
        assertThat(line.at("/_aws/Timestamp").asLong()).isPositive();
    }
}
