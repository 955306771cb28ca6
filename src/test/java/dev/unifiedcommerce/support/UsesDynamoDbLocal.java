package dev.unifiedcommerce.support;

import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest in this module runs against DynamoDB Local and the Stripe stand-in (restrictToAnnotatedClass = false). */
@QuarkusTestResource(DynamoDbLocalResource.class)
@QuarkusTestResource(StripeStandInResource.class)
public final class UsesDynamoDbLocal {
    private UsesDynamoDbLocal() {}
}
