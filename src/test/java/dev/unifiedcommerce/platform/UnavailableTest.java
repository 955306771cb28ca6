package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.FaultInjector;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** When DynamoDB keeps refusing, the client hears 503 with Retry-After, and nothing is half-written. */
@QuarkusTest
class UnavailableTest {
    @AfterEach
    void clear() { FaultInjector.reset(); }

    static RuntimeException throttledInsideTransaction() {
        return TransactionCanceledException.builder().message("Transaction cancelled [ThrottlingError]")
                .cancellationReasons(CancellationReason.builder().code("ThrottlingError").build())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build()).statusCode(400).build();
    }

    @Test
    void aHoldThatStaysThrottledIs503WithRetryAfterAndHoldsNothing() {
        String[] s = seeded(5);
        FaultInjector.failNext("TransactWriteItems", 1000, UnavailableTest::throttledInsideTransaction);
        as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations").then()
                .statusCode(503).header("Retry-After", "1").contentType("application/problem+json");
        FaultInjector.reset();
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0)).body("locations[0].available", is(5));
    }

    @Test
    void aHoldThatMeetsAFewConflictsSucceeds() {
        String[] s = seeded(5);
        FaultInjector.failNext("TransactWriteItems", 3, () -> TransactionCanceledException.builder().message("conflict")
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build())
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").build()).statusCode(400).build());
        as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations").then().statusCode(201);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(1));
    }
}
