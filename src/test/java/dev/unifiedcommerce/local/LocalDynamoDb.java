package dev.unifiedcommerce.local;

import dev.unifiedcommerce.platform.table.TableDefinition;
import dev.unifiedcommerce.platform.table.TableSetup;
import dev.unifiedcommerce.support.DynamoDbLocal;

/**
 * DynamoDB Local for scripts/local-up: the Maven artifact, in-memory, on 127.0.0.1:PORT, with the commerce table
 * created from infra/table.json. Runs until killed.
 */
public final class LocalDynamoDb {
    private LocalDynamoDb() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8000");
        String table = args.length > 1 ? args[1] : "commerce";
        String endpoint = DynamoDbLocal.start(port);
        try (var client = DynamoDbLocal.client()) {
            TableSetup.createIfMissing(client, table, TableDefinition.load());
        }
        System.out.println("DynamoDB Local ready on " + endpoint + " with table " + table);
        Thread.currentThread().join();
    }
}
