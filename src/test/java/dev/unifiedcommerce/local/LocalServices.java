package dev.unifiedcommerce.local;

import dev.unifiedcommerce.platform.table.TableDefinition;
import dev.unifiedcommerce.platform.table.TableSetup;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.support.DynamoDbLocal;

/**
 * The services scripts/local-up runs beside the application: DynamoDB Local (the Maven artifact, in-memory, on
 * 127.0.0.1:DYNAMODB_PORT) with the commerce table created from infra/table.json, and, unless a real Stripe key is
 * used, the Stripe stand-in on 127.0.0.1:STRIPE_PORT. Runs until killed.
 * Arguments: DYNAMODB_PORT TABLE [STRIPE_PORT | none] [WEBHOOK_URL WEBHOOK_SECRET]
 */
public final class LocalServices {
    private LocalServices() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8000");
        String table = args.length > 1 ? args[1] : "commerce";
        String stripePort = args.length > 2 ? args[2] : "none";
        String endpoint = DynamoDbLocal.start(port);
        try (var client = DynamoDbLocal.client()) {
            TableSetup.createIfMissing(client, table, TableDefinition.load());
        }
        System.out.println("DynamoDB Local ready on " + endpoint + " with table " + table);
        if (!"none".equals(stripePort)) {
            StripeStandIn stripe = new StripeStandIn(Integer.parseInt(stripePort));
            if (args.length > 4) stripe.sendEventsTo(args[3], args[4]);
            System.out.println("Stripe stand-in ready on " + stripe.apiBase());
        }
        System.out.println("ready");
        Thread.currentThread().join();
    }
}
