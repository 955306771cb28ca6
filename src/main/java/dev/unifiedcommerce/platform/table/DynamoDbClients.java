package dev.unifiedcommerce.platform.table;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client the extension configures (endpoint, credentials, timeouts from application.properties), with the
 * SDK's own retries off: {@link Table} is the one retry layer (its backoff, the request's budget, one
 * ClientRequestToken per transaction). Two layers would multiply: 6 of Table's attempts × 3 of the SDK's.
 */
@ApplicationScoped
public class DynamoDbClients {
    @Produces
    @ApplicationScoped
    public DynamoDbClient dynamoDb(DynamoDbClientBuilder builder) {
        ClientOverrideConfiguration configured = builder.overrideConfiguration();
        return builder.overrideConfiguration((configured == null ? ClientOverrideConfiguration.builder() : configured.toBuilder())
                .retryStrategy(AwsRetryStrategy.doNotRetry()).build()).build();
    }
}
