package dev.unifiedcommerce.platform;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** DynamoDB calls are retried by Table alone: the SDK client the app uses makes one attempt, within its timeouts. */
@QuarkusTest
class OneRetryLayerTest {
    @Inject
    DynamoDbClient dynamoDb;

    @Test
    void theAppsDynamoDbClientMakesOneAttemptAndKeepsItsTimeouts() {
        var config = dynamoDb.serviceClientConfiguration().overrideConfiguration();
        assertThat(config.retryStrategy()).hasValueSatisfying(r -> assertThat(r.maxAttempts()).isEqualTo(1));
        assertThat(config.apiCallAttemptTimeout()).contains(Duration.ofSeconds(3));
    }
}
