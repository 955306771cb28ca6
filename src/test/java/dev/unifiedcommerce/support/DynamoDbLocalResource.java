package dev.unifiedcommerce.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points every @QuarkusTest at the JVM's DynamoDB Local. */
public class DynamoDbLocalResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.dynamodb.endpoint-override", DynamoDbLocal.start(0));
    }

    @Override
    public void stop() {
        // kept for the next Quarkus restart in this JVM; the shutdown hook stops it
    }
}
