package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.platform.table.TableConfig;
import dev.unifiedcommerce.reports.ReportsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's stand-in for Lambda's event source mapping (DynamoDB Local serves the Streams API; what the mapping
 * adds is emulated here): ListStreams, DescribeStream, GetShardIterator (TRIM_HORIZON, then each shard's next
 * iterator), GetRecords, every second; each batch is written as the event Lambda sends and handed to the Reports
 * function's own handler ({@link SalesStream#handle}); a batch it answers with a failure is read again from that record.
 * A closed shard read to its end is not read again; an iterator that expired (DynamoDB Local: 15 minutes) is asked
 * for again after the last record handled. Never runs in AWS ({@code commerce.reports.local-stream.enabled}).
 */
@ApplicationScoped
public class LocalStreamPoller {
    private static final Logger LOG = Logger.getLogger(LocalStreamPoller.class);

    /** What one batch did: how many records it held and the record the handler asked to be retried from. */
    public record Batch(int records, String retryFrom) {}

    private final SalesStream stream;
    private final TableConfig table;
    private final ReportsConfig config;
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastHandled = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private DynamoDbStreamsClient client;
    private ScheduledExecutorService schedule;

    public LocalStreamPoller(SalesStream stream, TableConfig table, ReportsConfig config) {
        this.stream = stream;
        this.table = table;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.localStream().enabled()) return;
        schedule = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("local-stream").unstarted(r));
        schedule.scheduleWithFixedDelay(() -> {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.warnf("local stream poll failed (%s: %s); trying again in a second", e.getClass().getSimpleName(), e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        LOG.info("reports: polling the table's change stream every second (DynamoDB Local)");
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) schedule.shutdownNow();
    }

    /** One pass over every shard of the table's latest stream; returns the batches handed over. */
    public synchronized List<Batch> pollOnce() {
        DynamoDbStreamsClient c = client();
        var streams = c.listStreams(b -> b.tableName(table.name())).streams();
        if (streams.isEmpty()) return List.of();
        String arn = streams.getLast().streamArn();
        List<Batch> batches = new ArrayList<>();
        for (var shard : c.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String key = arn + "|" + shard.shardId();
            if (finished.contains(key)) continue;
            String iterator = iterators.computeIfAbsent(key, k -> start(c, arn, shard.shardId()));
            while (iterator != null) {
                String from = iterator;
                GetRecordsResponse page;
                try {
                    page = c.getRecords(b -> b.shardIterator(from).limit(100));
                } catch (ExpiredIteratorException expired) {
                    iterator = start(c, arn, shard.shardId());
                    iterators.put(key, iterator);
                    continue;
                }
                if (page.records().isEmpty()) {
                    if (page.nextShardIterator() == null) finished.add(key); // a closed shard, read to its end
                    else iterators.put(key, page.nextShardIterator());
                    break;
                }
                String answer = stream.handle(StreamEvents.event(page.records(), arn));
                String retryFrom = StreamEvents.firstFailure(answer);
                batches.add(new Batch(page.records().size(), retryFrom));
                if (retryFrom != null) {
                    // as the mapping does: read again from the record that failed, next pass
                    iterators.put(key, c.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(retryFrom)).shardIterator());
                    break;
                }
                lastHandled.put(key, page.records().getLast().dynamodb().sequenceNumber());
                iterator = page.nextShardIterator();
                if (iterator == null) finished.add(key);
                else iterators.put(key, iterator);
            }
        }
        return batches;
    }

    /** Where a shard is read from: its start, or just after the last record handled (an expired iterator). */
    private String start(DynamoDbStreamsClient c, String arn, String shardId) {
        String last = lastHandled.get(arn + "|" + shardId);
        return c.getShardIterator(b -> {
            b.streamArn(arn).shardId(shardId);
            if (last == null) b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            else b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
        }).shardIterator();
    }

    /** Every record the table's latest stream holds, shard by shard, from its start (nothing is handed over). */
    public synchronized List<Record> readAll() {
        DynamoDbStreamsClient c = client();
        var streams = c.listStreams(b -> b.tableName(table.name())).streams();
        if (streams.isEmpty()) return List.of();
        String arn = streams.getLast().streamArn();
        List<Record> out = new ArrayList<>();
        for (var shard : c.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = c.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            while (iterator != null) {
                String from = iterator;
                var page = c.getRecords(b -> b.shardIterator(from).limit(1000));
                if (page.records().isEmpty()) break;
                out.addAll(page.records());
                iterator = page.nextShardIterator();
            }
        }
        return out;
    }

    /** The stream's ARN (as Lambda's event names it). */
    public synchronized String streamArn() {
        var streams = client().listStreams(b -> b.tableName(table.name())).streams();
        return streams.isEmpty() ? null : streams.getLast().streamArn();
    }

    /** Reads the stream again from its start (what a redelivery of every batch looks like). */
    public synchronized List<Batch> replayFromStart() {
        iterators.clear();
        lastHandled.clear();
        finished.clear();
        return pollOnce();
    }

    private DynamoDbStreamsClient client() {
        if (client == null) {
            var config = ConfigProvider.getConfig();
            String endpoint = config.getOptionalValue("quarkus.dynamodb.endpoint-override", String.class)
                    .orElseThrow(() -> new IllegalStateException("the local stream poller needs DynamoDB Local (quarkus.dynamodb.endpoint-override)"));
            client = DynamoDbStreamsClient.builder().endpointOverride(URI.create(endpoint))
                    .region(Region.of(config.getOptionalValue("quarkus.dynamodb.aws.region", String.class).orElse("us-east-1")))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }
        return client;
    }
}
