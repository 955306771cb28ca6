package dev.unifiedcommerce.bench;

import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.support.DynamoDbLocal;
import dev.unifiedcommerce.support.Events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Two application instances (own SDK clients, one DynamoDB Local, one Stripe stand-in), as two Lambdas on one table:
 * what races across instances are tested on.
 */
public final class TwoInstances implements AutoCloseable {
    public final StripeStandIn stripe;
    public final BenchStack[] stacks;

    public TwoInstances(String table) {
        String endpoint = DynamoDbLocal.start(0);
        stripe = new StripeStandIn(0);
        stacks = new BenchStack[] {new BenchStack(table, endpoint, stripe.apiBase(), Events.SECRET),
                new BenchStack(table, endpoint, stripe.apiBase(), Events.SECRET)};
    }

    /** One checkout on one instance: "PLACED", or the refusal's reason (or its kind when it has none). */
    public static String checkout(BenchStack on, Checkout.Request r) {
        try {
            var placement = on.checkout.place("race", r, id -> Writes.none());
            on.checkout.startPayment(placement, null, null);
            return "PLACED";
        } catch (Rejected p) {
            return String.valueOf(p.extensions().getOrDefault("reason", p.kind()));
        }
    }

    /** {@code threads} checkouts, alternating between the instances, released together; their answers counted. */
    public Map<String, Integer> race(int threads, IntFunction<Checkout.Request> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            all.add(pool.submit(() -> {
                go.await();
                answers.merge(checkout(stacks[n % 2], request.apply(n)), 1, Integer::sum);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : all) f.get();
        pool.shutdown();
        return answers;
    }

    @Override
    public void close() {
        for (BenchStack s : stacks) s.close();
        stripe.close();
    }
}
