package dev.unifiedcommerce.platform;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Channels code against the OpenAPI document the app serves. */
@QuarkusTest
class OpenApiTest {
    @Test
    void theAppServesItsOpenApiDocumentWithTheInventoryRoutes() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/reservations"))
                .body("paths", hasKey("/inventory/{sku}/{locationId}"))
                .body("paths", hasKey("/products/{sku}"))
                .body("paths", hasKey("/payment-issues"))
                .body("paths", hasKey("/payment-issues/{issueId}/resolve"));
    }
}
