package dev.unifiedcommerce.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest in this module runs against DynamoDB Local (restrictToAnnotatedClass = false). */
@QuarkusTestResource(DynamoDbLocalResource.class)
public final class UsesDynamoDbLocal {
    private UsesDynamoDbLocal() {}
}
