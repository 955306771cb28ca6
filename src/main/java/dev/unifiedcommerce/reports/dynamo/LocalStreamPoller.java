package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.platform.table.TableConfig;
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
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's stand-in for Lambda's event source mapping (DynamoDB Local serves the Streams API; what the mapping
 * adds is emulated here): ListStreams, DescribeStream, GetShardIterator (TRIM_HORIZON, then each shard's next
 * iterator), GetRecords, every second, each batch handed to the same {@link SalesStream} the Reports function uses;
 * a batch that fails is read again from its first failed record. Never runs in AWS
 * ({@code commerce.reports.local-stream.enabled}, on in dev mode only).
 */
@ApplicationScoped
public class LocalStreamPoller {
    private static final Logger LOG = Logger.getLogger(LocalStreamPoller.class);

    private final SalesStream stream;
    private final TableConfig table;
    private final dev.unifiedcommerce.reports.ReportsConfig config;
    private final Map<String, String> iterators = new HashMap<>();
    private DynamoDbStreamsClient client;
    private ScheduledExecutorService schedule;

    public LocalStreamPoller(SalesStream stream, TableConfig table, dev.unifiedcommerce.reports.ReportsConfig config) {
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
                LOG.debugf("local stream poll: %s", e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
        LOG.info("reports: polling the table's change stream every second (DynamoDB Local)");
    }

    void onStop(@Observes ShutdownEvent event) {
        if (schedule != null) schedule.shutdownNow();
    }

    /** One pass over every shard of the table's latest stream; returns the batches applied. */
    public synchronized List<SalesStream.Applied> pollOnce() {
        DynamoDbStreamsClient c = client();
        var streams = c.listStreams(b -> b.tableName(table.name())).streams();
        if (streams.isEmpty()) return List.of();
        String arn = streams.getLast().streamArn();
        List<SalesStream.Applied> applied = new ArrayList<>();
        for (var shard : c.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String key = arn + "|" + shard.shardId();
            String iterator = iterators.computeIfAbsent(key, k -> c.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            while (iterator != null) {
                String from = iterator;
                var page = c.getRecords(b -> b.shardIterator(from).limit(100));
                if (page.records().isEmpty()) {
                    iterators.put(key, page.nextShardIterator());
                    break;
                }
                var batch = page.records().stream().map(r -> new SalesStream.Change(r.dynamodb().sequenceNumber(),
                        r.dynamodb().approximateCreationDateTime(), r.dynamodb().hasOldImage() ? r.dynamodb().oldImage() : null,
                        r.dynamodb().hasNewImage() ? r.dynamodb().newImage() : null)).toList();
                SalesStream.Applied result = stream.apply(batch);
                applied.add(result);
                if (result.firstFailure() != null) {
                    // as the mapping does: read again from the record that failed, next pass
                    iterators.put(key, c.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(result.firstFailure())).shardIterator());
                    break;
                }
                iterator = page.nextShardIterator();
                iterators.put(key, iterator);
            }
        }
        return applied;
    }

    /** Reads the stream again from its start (what a redelivery of every batch looks like). */
    public synchronized List<SalesStream.Applied> replayFromStart() {
        iterators.clear();
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
