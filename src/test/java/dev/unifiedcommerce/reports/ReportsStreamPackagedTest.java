package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.reports.dynamo.LocalStreamPoller;
import dev.unifiedcommerce.reports.dynamo.StreamEvents;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second artifact as it deploys: src/reports-stream/target/function.zip (built by this build before the tests),
 * run by AWS's runtime interface client against a Lambda Runtime API, handed Lambda's DynamoDB stream event for a
 * paid order: it counts the sale in the table the application shares, answers with no batch item failures, and a
 * second delivery of the same event counts nothing.
 */
@QuarkusTest
class ReportsStreamPackagedTest {
    static final Path ZIP = Path.of("src/reports-stream/target/function.zip");

    @Inject LocalStreamPoller poller;
    @Inject SalesReportStore report;

    private Process function;
    private MockEventServer runtimeApi;

    @AfterEach
    void stop() throws IOException {
        if (function != null) function.destroyForcibly();
        if (runtimeApi != null) runtimeApi.close();
    }

    @Test
    void thePackagedStreamFunctionCountsAPaidOrderOnceFromLambdasEvent() throws Exception {
        assertThat(ZIP).as("the build packages the stream function before the tests (exec-maven-plugin, reports-stream)").exists();
        String store = ReportsHttpTest.tokyoStore(), sku = uid("PKG");
        product(sku, 800, "jpy");
        stock(sku, store, 5);
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, 2));
        body.put("channel", "SOCIAL");
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 1600, "jpy")).then().statusCode(200);
        String orderPk = "ORDER#" + o.getString("orderId");
        List<Record> records = poller.readAll().stream().filter(r -> {
            var image = r.dynamodb().hasNewImage() ? r.dynamodb().newImage() : r.dynamodb().oldImage();
            return image != null && image.containsKey("PK") && orderPk.equals(image.get("PK").s());
        }).toList();
        String event = StreamEvents.event(records, poller.streamArn());

        runtimeApi = new MockEventServer();
        runtimeApi.start(0);
        function = start(runtimeApi.getPort());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest invoke = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtimeApi.getPort() + MockEventServer.POST_EVENT))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build();

        HttpResponse<String> first = http.send(invoke, HttpResponse.BodyHandlers.ofString());
        assertThat(first.body()).as(log()).isEqualTo("{\"batchItemFailures\":[]}");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        assertThat(mine(store, today)).isEqualTo(new SalesTotals(1, 2, 1600, 0, 0, 1600, 16, 0));

        HttpResponse<String> again = http.send(invoke, HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(mine(store, today)).isEqualTo(new SalesTotals(1, 2, 1600, 0, 0, 1600, 16, 0));
    }

    private SalesTotals mine(String store, LocalDate day) {
        return report.lines("jpy", day).stream().filter(l -> l.locationId().equals(store)).map(SalesReportStore.Line::totals)
                .reduce(SalesTotals.ZERO, SalesTotals::plus);
    }

    /** As Lambda's Java runtime starts it: the zip unpacked as the task root, the runtime interface client polling. */
    private Process start(int port) throws IOException {
        Path root = Path.of("target/reports-stream-packaged");
        unzip(ZIP, root);
        String ric = String.join(File.pathSeparator, List.of(jarOf(com.amazonaws.services.lambda.runtime.api.client.AWSLambda.class),
                jarOf(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class), jarOf(software.amazon.awssdk.utilslite.SdkInternalThreadLocal.class)));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", root + File.pathSeparator + root.resolve("lib") + "/*" + File.pathSeparator + ric,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        var config = ConfigProvider.getConfig();
        pb.environment().putAll(Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port + MockEventServer.BASE_PATH,
                "_HANDLER", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", "LAMBDA_TASK_ROOT", root.toAbsolutePath().toString(),
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "COMMERCE_TABLE", config.getValue("commerce.table.name", String.class),
                "QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", config.getValue("quarkus.dynamodb.endpoint-override", String.class),
                "COMMERCE_LOG_JSON", "false"));
        pb.redirectErrorStream(true).redirectOutput(Path.of("target/reports-stream-function.log").toFile());
        return pb.start();
    }

    private static String log() {
        try {
            return Files.readString(Path.of("target/reports-stream-function.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unzip(Path zip, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var walk = Files.walk(to)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (var e : java.util.Collections.list(z.entries())) {
                Path target = to.resolve(e.getName()).normalize();
                if (!target.startsWith(to)) throw new IOException("zip entry outside its root: " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (var in = z.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }
}
