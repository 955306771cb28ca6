package dev.unifiedcommerce.support;

import dev.unifiedcommerce.catalog.Location;
import dev.unifiedcommerce.catalog.Money;
import dev.unifiedcommerce.catalog.Product;
import dev.unifiedcommerce.catalog.dynamo.DynamoCatalogStore;
import dev.unifiedcommerce.inventory.Inventory;
import dev.unifiedcommerce.inventory.StockLevel;
import dev.unifiedcommerce.inventory.dynamo.DynamoInventoryStore;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.platform.table.TableDefinition;
import dev.unifiedcommerce.platform.table.TableSetup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The domain and table layer wired by hand, without Quarkus: what one function instance runs. Two of these on one
 * DynamoDB Local are two independent instances (own SDK client, own connection pool), as two Lambdas would be.
 */
public final class ServiceStack implements AutoCloseable {
    public static final String TABLE = "commerce-domain-test";

    public final DynamoDbClient client;
    public final Table table;
    public final DynamoCatalogStore catalog;
    public final DynamoInventoryStore store;
    public final Inventory inventory;
    public final MovableClock clock;

    public ServiceStack(ExecutionInterceptor... interceptors) {
        this(new MovableClock(), interceptors);
    }

    public ServiceStack(MovableClock clock, ExecutionInterceptor... interceptors) {
        this(TABLE, DynamoDbLocal.start(0), clock, interceptors);
    }

    /** A stack on the given table of the DynamoDB Local at {@code endpoint} (benchmarks use their own table). */
    public ServiceStack(String tableName, String endpoint, MovableClock clock, ExecutionInterceptor... interceptors) {
        this.clock = clock;
        this.client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> { for (ExecutionInterceptor i : interceptors) c.addExecutionInterceptor(i); })
                .build();
        TableSetup.createIfMissing(client, tableName, TableDefinition.load());
        this.table = new Table(client, tableName, new Table.RetryPolicy(6, Duration.ofMillis(5), Duration.ofMillis(50)));
        this.catalog = new DynamoCatalogStore(table);
        this.store = new DynamoInventoryStore(table, clock);
        this.inventory = new Inventory(store, catalog, clock, dev.unifiedcommerce.inventory.HoldExpiry.NONE);
    }

    /** A product with {@code onHand} units at each of the given locations (created as stores). */
    public void stock(String sku, long onHand, String... locations) {
        catalog.save(new Product(sku, "Product " + sku, new Money(1000, "usd"), true));
        for (String loc : locations) {
            catalog.save(new Location(loc, "Store " + loc, Location.Type.STORE, true,
                    new Location.Address("1 Main St", "Springfield", "12345", "US"), null, null));
            inventory.setOnHand(sku, loc, onHand);
            if (Api.TEST_SHARDS > 1) inventory.setShards(sku, loc, Api.TEST_SHARDS);
        }
    }

    /** The level's totals (summed over its shards when split; the shard count left out so tests read the same either way). */
    public StockLevel level(String sku, String loc) {
        StockLevel s = store.stockOf(sku).stream().filter(l -> l.locationId().equals(loc)).findFirst().orElseThrow();
        return new StockLevel(s.sku(), s.locationId(), s.onHand(), s.reserved(), s.available());
    }

    @Override
    public void close() { client.close(); }

    /** Real time plus an offset the test moves forward. */
    public static final class MovableClock extends Clock {
        private final AtomicLong offset = new AtomicLong();
        public void advance(Duration d) { offset.addAndGet(d.toMillis()); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plusMillis(offset.get()); }
    }
}
