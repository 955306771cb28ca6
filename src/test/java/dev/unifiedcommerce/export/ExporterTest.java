package dev.unifiedcommerce.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.unifiedcommerce.export.dynamo.DynamoExportCheckpoints;
import dev.unifiedcommerce.export.dynamo.DynamoTableExports;
import dev.unifiedcommerce.platform.metrics.Metrics;
import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain of exports, told by what the Exporter asks of DynamoDB. DynamoDB Local has no export, so the SDK's own
 * client (its model marshals every request) talks to a stand-in that answers ExportTableToPointInTime and
 * DescribeExport as DynamoDB documents them; the checkpoint lives in DynamoDB Local's table as in AWS.
 */
@QuarkusTest
class ExporterTest {
    @Inject Table table;
    @Inject Metrics metrics;

    static final Instant START = Instant.parse("2026-12-01T09:00:07.250Z");
    Instant now = START;
    final List<JsonNode> asked = new ArrayList<>();
    final Map<String, String> states = new HashMap<>();
    HttpServer dynamo;
    Exporter exporter;

    final ExportConfig config = new ExportConfig() {
        public Optional<String> bucket() { return Optional.of("commerce-exports-123"); }
        public String prefix() { return "exports"; }
        public Optional<String> tableArn() { return Optional.of("arn:aws:dynamodb:us-east-1:123456789012:table/commerce"); }
        public Optional<String> bucketOwner() { return Optional.of("123456789012"); }
    };

    /** The next request is refused with this DynamoDB error type (null: none). */
    String refuseNext;
    final Map<String, JsonNode> byToken = new HashMap<>();
    TableExports tableExports;

    @BeforeEach
    void start() throws IOException {
        table.client().deleteItem(b -> b.tableName(table.name()).key(Keys.exportCheckpoint().asMap()));
        dynamo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dynamo.createContext("/", exchange -> {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
            int status = 200;
            String answer;
            if (target.endsWith(".ExportTableToPointInTime")) {
                asked.add(body);
                String problem = problem(body);
                if (problem != null) {
                    status = 400;
                    answer = problem;
                } else {
                    String arn = body.path("TableArn").asText() + "/export/" + body.path("ClientToken").asText();
                    states.putIfAbsent(arn, "IN_PROGRESS");
                    answer = "{\"ExportDescription\":{\"ExportArn\":\"" + arn + "\",\"ExportStatus\":\"" + states.get(arn) + "\"}}";
                }
            } else if (target.endsWith(".DescribeExport")) {
                String arn = body.path("ExportArn").asText();
                String state = states.getOrDefault(arn, "FAILED");
                answer = "{\"ExportDescription\":{\"ExportArn\":\"" + arn + "\",\"ExportStatus\":\"" + state + "\""
                        + ("FAILED".equals(state) ? ",\"FailureCode\":\"S3NoSuchBucket\",\"FailureMessage\":\"the bucket was not found\"" : "") + "}}";
            } else {
                status = 400;
                answer = "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        dynamo.start();
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamo.getAddress().getPort()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        tableExports = new DynamoTableExports(client, config);
        exporter = exporter(tableExports);
    }

    /** What DynamoDB would refuse, as its API reference says: a time not in the past, a window outside 15 min..24 h, a reused token. */
    private String problem(JsonNode body) {
        if (refuseNext != null) {
            String type = refuseNext;
            refuseNext = null;
            return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"refused\"}";
        }
        long nowSeconds = now.getEpochSecond();
        JsonNode window = body.path("IncrementalExportSpecification");
        long to = window.isMissingNode() ? body.path("ExportTime").asLong() : window.path("ExportToTime").asLong();
        if (to > nowSeconds) return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InvalidExportTimeException\",\"message\":\"not in the past\"}";
        if (!window.isMissingNode()) {
            long length = to - window.path("ExportFromTime").asLong();
            if (length < 15 * 60 || length > 24 * 3600) return "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"period\"}";
        }
        JsonNode same = byToken.putIfAbsent(body.path("ClientToken").asText(), body);
        if (same != null && !same.equals(body)) return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ExportConflictException\",\"message\":\"token reused\"}";
        return null;
    }

    private Exporter exporter(TableExports exports) {
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        };
        return new Exporter(exports, new DynamoExportCheckpoints(table), config, metrics, clock);
    }

    @AfterEach
    void stop() {
        dynamo.stop(0);
        table.client().deleteItem(b -> b.tableName(table.name()).key(Keys.exportCheckpoint().asMap()));
    }

    private void complete(String arn) { states.put(arn, "COMPLETED"); }

    /** Seconds since the epoch of START moved by {@code d}, five minutes back (exports end in the past) and whole. */
    private static long at(Duration d) { return START.plus(d).minus(Duration.ofMinutes(5)).getEpochSecond(); }

    @Test
    void theFirstExportIsTheWholeTableThenEachWindowStartsWhereTheLastEnded() {
        Exporter.Pass full = exporter.run();
        assertThat(full.outcome()).isEqualTo("STARTED");
        JsonNode first = asked.getFirst();
        assertThat(first.path("ExportType").asText()).isEqualTo("FULL_EXPORT");
        assertThat(first.path("ExportTime").asLong()).isEqualTo(at(Duration.ZERO)); // whole seconds, in the past
        assertThat(first.path("S3Bucket").asText()).isEqualTo("commerce-exports-123");
        assertThat(first.path("S3BucketOwner").asText()).isEqualTo("123456789012");
        assertThat(first.path("S3Prefix").asText()).isEqualTo("exports/full/20261201T085507Z/attempt-1");
        assertThat(first.path("ExportFormat").asText()).isEqualTo("DYNAMODB_JSON");
        assertThat(first.path("TableArn").asText()).endsWith(":table/commerce");
        assertThat(first.has("IncrementalExportSpecification")).isFalse();

        now = START.plus(Duration.ofMinutes(15));
        assertThat(exporter.run().outcome()).as("the full export is still running").isEqualTo("IN_PROGRESS");
        assertThat(asked).hasSize(1);

        complete(full.exportArn());
        now = START.plus(Duration.ofMinutes(20));
        Exporter.Pass one = exporter.run();
        assertThat(one.outcome()).isEqualTo("STARTED");
        JsonNode incremental = asked.get(1);
        assertThat(incremental.path("ExportType").asText()).isEqualTo("INCREMENTAL_EXPORT");
        assertThat(incremental.path("S3Prefix").asText()).isEqualTo("exports/incremental/20261201T085507Z-20261201T091507Z/attempt-1");
        JsonNode window = incremental.get("IncrementalExportSpecification");
        assertThat(window.path("ExportFromTime").asLong()).isEqualTo(at(Duration.ZERO));
        assertThat(window.path("ExportToTime").asLong()).isEqualTo(at(Duration.ofMinutes(20)));
        assertThat(window.path("ExportViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");

        // a day and more later: the next window is at most 24 hours, from where the last one ended
        complete(one.exportArn());
        now = START.plus(Duration.ofHours(30));
        Exporter.Pass two = exporter.run();
        JsonNode next = asked.get(2).get("IncrementalExportSpecification");
        assertThat(next.path("ExportFromTime").asLong()).isEqualTo(window.path("ExportToTime").asLong());
        assertThat(next.path("ExportToTime").asLong() - next.path("ExportFromTime").asLong()).isEqualTo(Duration.ofHours(24).toSeconds());
        // and then the rest
        complete(two.exportArn());
        now = START.plus(Duration.ofHours(31));
        exporter.run();
        JsonNode rest = asked.get(3).get("IncrementalExportSpecification");
        assertThat(rest.path("ExportFromTime").asLong()).isEqualTo(next.path("ExportToTime").asLong());
        assertThat(rest.path("ExportToTime").asLong()).isEqualTo(at(Duration.ofHours(31)));
    }

    @Test
    void lessThanFifteenMinutesAfterTheLastWindowNothingIsExported() {
        complete(exporter.run().exportArn());
        now = START.plus(Duration.ofMinutes(14));
        assertThat(exporter.run().outcome()).isEqualTo("UP_TO_DATE");
        assertThat(asked).hasSize(1);
    }

    @Test
    void aFailedExportIsStartedAgainForTheSameWindowAndTheChainWaitsForIt() {
        complete(exporter.run().exportArn());
        now = START.plus(Duration.ofHours(1));
        Exporter.Pass window = exporter.run();
        states.put(window.exportArn(), "FAILED");
        now = START.plus(Duration.ofHours(2));
        Exporter.Pass again = exporter.run();
        assertThat(again.outcome()).isEqualTo("STARTED");
        assertThat(again.window()).isEqualTo(window.window());
        JsonNode retried = asked.get(2);
        assertThat(retried.get("IncrementalExportSpecification")).isEqualTo(asked.get(1).get("IncrementalExportSpecification"));
        assertThat(retried.path("ClientToken").asText()).as("a new attempt is a new export").isNotEqualTo(asked.get(1).path("ClientToken").asText());
        assertThat(retried.path("S3Prefix").asText()).as("its files apart from the failed attempt's").endsWith("/attempt-2");
        assertThat(new DynamoExportCheckpoints(table).read().orElseThrow().attempts()).isEqualTo(2);
        complete(again.exportArn());
        now = START.plus(Duration.ofHours(3));
        exporter.run();
        assertThat(asked.get(3).at("/IncrementalExportSpecification/ExportFromTime").asLong()).isEqualTo(window.window().to().getEpochSecond());
    }

    @Test
    void aWindowThatKeepsFailingStartsTheChainOverWithAFullExport() {
        complete(exporter.run().exportArn());
        now = START.plus(Duration.ofHours(1));
        for (int attempt = 1; attempt <= 3; attempt++) {
            states.put(exporter.run().exportArn(), "FAILED");
            now = now.plus(Duration.ofMinutes(15));
        }
        Exporter.Pass over = exporter.run();
        assertThat(over.window().kind()).isEqualTo(ExportWindow.Kind.FULL);
        assertThat(asked.getLast().path("ExportType").asText()).isEqualTo("FULL_EXPORT");
    }

    @Test
    void aRefusedExportIsCountedAsAFailedAttemptAndTriedAgain() {
        refuseNext = "InvalidExportTimeException";
        assertThat(exporter.run().outcome()).isEqualTo("REFUSED");
        ExportCheckpoint failed = new DynamoExportCheckpoints(table).read().orElseThrow();
        assertThat(failed.status()).isEqualTo(ExportCheckpoint.Status.FAILED);
        assertThat(failed.failure()).contains("InvalidExportTimeException");
        now = START.plus(Duration.ofMinutes(15));
        Exporter.Pass again = exporter.run();
        assertThat(again.outcome()).isEqualTo("STARTED");
        assertThat(again.window()).isEqualTo(failed.window());
        assertThat(asked.getLast().path("S3Prefix").asText()).endsWith("/attempt-2");
    }

    @Test
    void aPassThatDiesAfterAskingLeavesItsClaimAndTheNextPassAsksForTheSameExport() {
        TableExports dies = new TableExports() {
            public String start(ExportWindow window, int attempt) {
                tableExports.start(window, attempt);
                throw new IllegalStateException("the function timed out before it saved the export's ARN");
            }
            public State describe(String exportArn) { return tableExports.describe(exportArn); }
        };
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> exporter(dies).run());
        now = START.plus(Duration.ofMinutes(10)); // later: a window computed now would be another one
        Exporter.Pass next = exporter.run();
        assertThat(next.outcome()).isEqualTo("STARTED");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1)).as("the same request: the same export").isEqualTo(asked.get(0));
        assertThat(states).hasSize(1);
    }

    @Test
    void twoPassesAtOnceStartOneExport() {
        complete(exporter.run().exportArn());
        now = START.plus(Duration.ofHours(1));
        // while the first pass asks DynamoDB, a second pass runs
        TableExports slow = new TableExports() {
            boolean once;
            public String start(ExportWindow window, int attempt) {
                if (!once) {
                    once = true;
                    Exporter.Pass other = exporter.run();
                    assertThat(other.outcome()).isEqualTo("STARTED");
                }
                return tableExports.start(window, attempt);
            }
            public State describe(String exportArn) { return tableExports.describe(exportArn); }
        };
        Exporter.Pass first = exporter(slow).run();
        assertThat(first.outcome()).isEqualTo("MOVED");
        assertThat(asked.subList(1, asked.size())).hasSize(2).allMatch(r -> r.equals(asked.get(1)));
        assertThat(states).hasSize(2); // the full export and this one window
    }

    @Test
    void aNewFullExportIsMadeEveryWeekSoOldExportsMayExpire() {
        complete(exporter.run().exportArn());
        now = START.plus(Duration.ofDays(8));
        Exporter.Pass weekly = exporter.run();
        assertThat(weekly.window().kind()).isEqualTo(ExportWindow.Kind.FULL);
        complete(weekly.exportArn());
        now = now.plus(Duration.ofHours(1));
        Exporter.Pass after = exporter.run();
        assertThat(after.window().kind()).isEqualTo(ExportWindow.Kind.INCREMENTAL);
        assertThat(after.window().from()).isEqualTo(weekly.window().to());
    }

    @Test
    void withoutABucketNothingIsExported() {
        ExportConfig none = new ExportConfig() {
            public Optional<String> bucket() { return Optional.empty(); }
            public String prefix() { return "exports"; }
            public Optional<String> tableArn() { return Optional.empty(); }
            public Optional<String> bucketOwner() { return Optional.empty(); }
        };
        var off = new Exporter(null, new DynamoExportCheckpoints(table), none, metrics, Clock.systemUTC());
        assertThat(off.run().outcome()).isEqualTo("DISABLED");
    }

    @Test
    void theScheduleReachesTheExporterAndAnHttpCallerDoesNot() throws IOException {
        // the test stack has no bucket (as the local stack): the schedule's pass answers DISABLED
        var response = io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.nio.file.Files.readString(java.nio.file.Path.of("infra/export-event.json"))).post("/_lambda_")
                .then().statusCode(200).extract().jsonPath();
        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(io.restassured.path.json.JsonPath.from(response.getString("body")).getString("outcome")).isEqualTo("DISABLED");
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON).body("{}").post("/internal/export").then().statusCode(404);
    }
}
