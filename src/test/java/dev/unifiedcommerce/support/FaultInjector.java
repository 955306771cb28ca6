package dev.unifiedcommerce.support;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An SDK interceptor that makes the next N calls of an operation fail with a given exception (DynamoDB Local
 * never raises TransactionConflict or throttling: BUILD-NOTES), and counts the calls per operation.
 */
public class FaultInjector implements ExecutionInterceptor {
    private record Plan(AtomicInteger skip, AtomicInteger remaining, Supplier<RuntimeException> failure) {}

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    /** The next {@code times} calls of {@code operation} (e.g. "TransactWriteItems") fail with {@code failure}. */
    public static void failNext(String operation, int times, Supplier<RuntimeException> failure) {
        failAfter(operation, 0, times, failure);
    }

    /** Lets {@code skip} calls of {@code operation} through, then fails the next {@code times}. */
    public static void failAfter(String operation, int skip, int times, Supplier<RuntimeException> failure) {
        PLANS.put(operation, new Plan(new AtomicInteger(skip), new AtomicInteger(times), failure));
    }

    private record RandomFailures(java.util.Set<String> operations, double probability, java.util.function.Function<String, RuntimeException> failure,
                                  java.util.Random draws) {}

    private static volatile RandomFailures random;

    /**
     * Each call of one of {@code operations} fails, with the given probability, with what {@code failure} makes of the
     * operation's name; the draws are the run's (Seeds), so a failure names the seed it came from.
     */
    public static void failRandomly(java.util.Set<String> operations, double probability, java.util.function.Function<String, RuntimeException> failure) {
        random = new RandomFailures(operations, probability, failure, Seeds.random("DynamoDB failures"));
    }

    private static final Map<String, AtomicInteger> LOST_ANSWERS = new ConcurrentHashMap<>();

    /** The next {@code times} calls of {@code operation} reach DynamoDB and are applied, but their answers are lost (a timeout). */
    public static void loseAnswerOfNext(String operation, int times) { LOST_ANSWERS.put(operation, new AtomicInteger(times)); }

    public static void reset() {
        LOST_ANSWERS.clear();
        PLANS.clear();
        CALLS.clear();
        TRANSACTED.clear();
        random = null;
    }

    /** One action of a TransactWriteItems: its table, its item's key, and what it does (Put, Update, Delete, ConditionCheck). */
    public record TransactedItem(String table, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key, String action) {}

    private static final java.util.List<TransactedItem> TRANSACTED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /**
     * The items written in transactions since the last reset. (DynamoDB Local reports no real consumed capacity for
     * transactions, so write units are worked out from these and the items' sizes: 2 per started KB, per item.)
     */
    public static java.util.List<TransactedItem> transacted() { synchronized (TRANSACTED) { return java.util.List.copyOf(TRANSACTED); } }

    public static int calls(String operation) {
        AtomicInteger n = CALLS.get(operation);
        return n == null ? 0 : n.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        AtomicInteger lost = LOST_ANSWERS.get(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        if (lost != null && lost.getAndDecrement() > 0) {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to execute HTTP request: Read timed out (injected after the write)");
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest t) {
            for (var i : t.transactItems()) {
                if (i.put() != null) TRANSACTED.add(new TransactedItem(i.put().tableName(), Map.of("PK", i.put().item().get("PK"), "SK", i.put().item().get("SK")), "Put"));
                else if (i.update() != null) TRANSACTED.add(new TransactedItem(i.update().tableName(), i.update().key(), "Update"));
                else if (i.delete() != null) TRANSACTED.add(new TransactedItem(i.delete().tableName(), i.delete().key(), "Delete"));
                else TRANSACTED.add(new TransactedItem(i.conditionCheck().tableName(), i.conditionCheck().key(), "ConditionCheck"));
            }
        }
        RandomFailures r = random;
        if (r != null && r.operations().contains(operation)) {
            boolean fails;
            synchronized (r) {
                fails = r.draws().nextDouble() < r.probability();
            }
            if (fails) throw r.failure().apply(operation);
        }
        Plan plan = PLANS.get(operation);
        if (plan == null || plan.skip().getAndDecrement() > 0) return;
        if (plan.remaining().getAndDecrement() > 0) throw plan.failure().get();
    }
}
