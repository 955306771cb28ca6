package dev.unifiedcommerce.platform.table;

import dev.unifiedcommerce.platform.time.Budget;
import dev.unifiedcommerce.platform.transaction.Transactions;
import dev.unifiedcommerce.platform.transaction.Writes;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The single table: reads, and the one way to write several items together (a transaction of composed
 * {@link Writes}), retried with exponential backoff and full jitter on conflicts and throttling. Conditions that
 * fail are never retried here: they are answers ({@link ConditionFailed}) for the adapter that built the action.
 */
@ApplicationScoped
public class Table implements Transactions {
    private static final Logger LOG = Logger.getLogger(Table.class);

    public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration attemptTimeout) {
        public RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
            this(maxAttempts, baseBackoff, maxBackoff, Duration.ofSeconds(3));
        }
    }

    private static final Supplier<Duration> UNBOUNDED = () -> Duration.ofDays(1);

    private final DynamoDbClient client;
    private final String name;
    private final RetryPolicy retry;
    private final Supplier<Duration> timeLeft;

    /**
     * The one retry layer for DynamoDB (the SDK's own is off, see DynamoDbClients): retries stop when the request's
     * {@link Budget} has no room for another backoff and attempt, so a busy table answers 503 in time, not a timeout.
     */
    @Inject
    public Table(DynamoDbClient client, TableConfig config, Instance<Budget> budget) {
        this(client, config.name(), new RetryPolicy(config.retry().maxAttempts(), config.retry().baseBackoff(), config.retry().maxBackoff(),
                config.retry().attemptTimeout()), () -> Arc.container().requestContext().isActive() ? budget.get().remaining() : UNBOUNDED.get());
    }

    public Table(DynamoDbClient client, String name, RetryPolicy retry) {
        this(client, name, retry, UNBOUNDED);
    }

    public Table(DynamoDbClient client, String name, RetryPolicy retry, Supplier<Duration> timeLeft) {
        this.client = client;
        this.name = name;
        this.retry = retry;
        this.timeLeft = timeLeft;
    }

    /** Another attempt fits: its backoff (at most) and the attempt itself are within the time left. */
    private boolean roomForAnother(int attempt) {
        Duration need = retry.attemptTimeout().plusMillis(backoffCap(attempt));
        return timeLeft.get().compareTo(need) > 0;
    }

    public String name() { return name; }

    public DynamoDbClient client() { return client; }

    public Optional<Map<String, AttributeValue>> get(Key key) {
        var item = withRetries("GetItem", () -> client.getItem(GetItemRequest.builder()
                .tableName(name).key(key.asMap()).consistentRead(true).build()).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Items for the given keys (missing ones are absent from the answer), consistent reads, any number of keys. */
    public List<Map<String, AttributeValue>> getAll(List<Key> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = new ArrayList<>(keys.stream().distinct().map(Key::asMap).toList());
        int attempt = 0;
        while (!pending.isEmpty()) {
            List<Map<String, AttributeValue>> batch = pending.subList(0, Math.min(100, pending.size()));
            var request = Map.of(name, KeysAndAttributes.builder().keys(new ArrayList<>(batch)).consistentRead(true).build());
            BatchGetItemResponse response = withRetries("BatchGetItem", () -> client.batchGetItem(b -> b.requestItems(request)));
            found.addAll(response.responses().getOrDefault(name, List.of()));
            List<Map<String, AttributeValue>> rest = new ArrayList<>(pending.subList(batch.size(), pending.size()));
            var unprocessed = response.unprocessedKeys().get(name);
            if (unprocessed != null && !unprocessed.keys().isEmpty()) {
                rest.addAll(unprocessed.keys());
                if (++attempt >= retry.maxAttempts() || !roomForAnother(attempt)) {
                    // throttled read after read: give up like any other call (503), not loop for ever
                    LOG.warnf("BatchGetItem left %d key(s) unprocessed after %d attempts", unprocessed.keys().size(), attempt);
                    throw new TableUnavailable("DynamoDB is busy, retry later", null);
                }
                backoff(attempt);
            }
            pending = rest;
        }
        return found;
    }

    public QueryResponse query(QueryRequest.Builder request) {
        QueryRequest built = request.tableName(name).build();
        return withRetries("Query", () -> client.query(built));
    }

    /**
     * One page of a partition of the table or of an index ({@code index} null for the table), optionally only the
     * items whose sort key starts with {@code skPrefix}. Reads from the table are consistent.
     */
    public QueryResponse queryPrefix(String index, String pkName, String pkValue, String skName, String skPrefix,
                                     Map<String, AttributeValue> exclusiveStart, Integer limit) {
        QueryRequest.Builder b = prefixQuery(index, pkName, pkValue, skName, skPrefix, limit);
        if (exclusiveStart != null) b.exclusiveStartKey(exclusiveStart);
        return query(b);
    }

    private static QueryRequest.Builder prefixQuery(String index, String pkName, String pkValue, String skName, String skPrefix, Integer limit) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", pkName));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pkValue)));
        String condition = "#pk = :pk";
        if (skPrefix != null) {
            names.put("#sk", skName);
            values.put(":prefix", AttributeValue.fromS(skPrefix));
            condition += " AND begins_with(#sk, :prefix)";
        }
        QueryRequest.Builder b = QueryRequest.builder().keyConditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values);
        if (index != null) b.indexName(index); else b.consistentRead(true);
        if (limit != null) b.limit(limit);
        return b;
    }

    /**
     * Every item of a partition (or of an index's partition), page after page until DynamoDB has no more; only the
     * items whose sort key starts with {@code skPrefix} when it is given. The one pagination loop of the table.
     */
    public List<Map<String, AttributeValue>> queryAll(String index, String pkName, String pkValue, String skName, String skPrefix) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        forEachPage(index, pkName, pkValue, skName, skPrefix, null, page -> {
            all.addAll(page);
            return true;
        });
        return all;
    }

    /**
     * As {@link #queryAll}, a page ({@code pageSize} items at most; null: as many as DynamoDB gives) at a time, for a
     * reader that may have found what it looked for: {@code more} answers false to stop reading. True when it stopped.
     */
    public boolean forEachPage(String index, String pkName, String pkValue, String skName, String skPrefix, Integer pageSize,
                               Predicate<List<Map<String, AttributeValue>>> more) {
        return forEachPage(() -> prefixQuery(index, pkName, pkValue, skName, skPrefix, pageSize), more);
    }

    /**
     * Every page of a query this table cannot say with a key prefix (a range, a filter), each given to {@code more},
     * which answers false to stop reading. True when it stopped.
     */
    public boolean forEachPage(Supplier<QueryRequest.Builder> request, Predicate<List<Map<String, AttributeValue>>> more) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder b = request.get();
            if (start != null) b.exclusiveStartKey(start);
            QueryResponse page = query(b);
            if (!more.test(page.items())) return true;
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return false;
    }

    /** As {@link #forEachPage(Supplier, Predicate)}, every item. */
    public List<Map<String, AttributeValue>> queryAll(Supplier<QueryRequest.Builder> request) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        forEachPage(request, page -> {
            all.addAll(page);
            return true;
        });
        return all;
    }

    @Override
    public void commit(Writes writes) { transact(writes); }

    /** Runs the composed actions as one TransactWriteItems: all are written or none. */
    public void transact(Writes writes) {
        if (writes.isEmpty()) return;
        writes.requireShape();
        // One token for every attempt of this commit: if an attempt was applied but its answer lost (a timeout), DynamoDB
        // recognises the retry (for 10 minutes) and answers success instead of failing our own conditions.
        var request = TransactWriteItemsRequest.builder().clientRequestToken(UUID.randomUUID().toString())
                .transactItems(writes.actions().stream().map(TableWrite::of).toList()).build();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                client.transactWriteItems(request);
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                    throw conditionFailed(writes, reasons);
                }
                last = e; // TransactionConflict, throttling inside the transaction: worth another try
            } catch (SdkServiceException e) {
                if (!retryable(e)) throw e;
                last = e;
            } catch (SdkClientException e) {
                last = e; // unreachable or timed out
            }
            if (attempt == retry.maxAttempts() || !roomForAnother(attempt)) {
                LOG.warnf("TransactWriteItems gave up after %d attempt(s): %s", attempt, last.getClass().getSimpleName());
                break;
            }
            backoff(attempt);
        }
        throw new TableUnavailable("DynamoDB is busy, retry later", last);
    }

    private static ConditionFailed conditionFailed(Writes writes, List<CancellationReason> reasons) {
        List<ConditionFailed.Failure> failures = new ArrayList<>();
        for (int i = 0; i < reasons.size() && i < writes.size(); i++) {
            CancellationReason r = reasons.get(i);
            if ("ConditionalCheckFailed".equals(r.code())) {
                failures.add(new ConditionFailed.Failure(writes.actions().get(i), r.item() == null ? Map.of() : new HashMap<>(r.item())));
            }
        }
        return new ConditionFailed(failures);
    }

    /** Single reads and conditional writes get the same treatment as transactions for throttling. */
    public <T> T withRetries(String what, Supplier<T> call) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                return call.get();
            } catch (SdkServiceException e) {
                if (!retryable(e)) throw e;
                last = e;
            } catch (SdkClientException e) {
                last = e;
            }
            if (attempt == retry.maxAttempts() || !roomForAnother(attempt)) {
                LOG.warnf("%s gave up after %d attempt(s): %s", what, attempt, last.getClass().getSimpleName());
                break;
            }
            backoff(attempt);
        }
        throw new TableUnavailable("DynamoDB is busy, retry later", last);
    }

    private static boolean retryable(SdkServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500
                || e instanceof TransactionInProgressException
                || e instanceof TransactionConflictException;
    }

    private long backoffCap(int attempt) {
        return Math.min(retry.maxBackoff().toMillis(), retry.baseBackoff().toMillis() << Math.min(attempt - 1, 16));
    }

    private void backoff(int attempt) {
        long cap = backoffCap(attempt);
        long sleep = ThreadLocalRandom.current().nextLong(cap + 1); // full jitter: spreads retries of racing writers
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new TableUnavailable("interrupted while backing off", ie);
        }
    }
}
