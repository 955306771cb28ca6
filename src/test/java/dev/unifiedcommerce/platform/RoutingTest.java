package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.platform.routing.Function;
import dev.unifiedcommerce.platform.routing.ThisFunction;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** A function serves only its own routes: an Inventory instance answers 404 on every other function's route. */
@QuarkusTest
class RoutingTest {
    /** This instance is the Inventory function for each test (COMMERCE_FUNCTION=inventory, without a boot of its own). */
    @BeforeEach
    void asTheInventoryFunction() { QuarkusMock.installMockForType(new ThisFunction(Function.INVENTORY), ThisFunction.class); }

    @Test
    void anInventoryInstanceServesInventoryRoutes() {
        String[] s = seeded(2);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().statusCode(200);
        // one store, not the list: by the time this runs the suite has made hundreds, and the test harness's Lambda event
        // server loses answers over 8 KB (quarkus#38502)
        as(Tokens.channel()).get("/locations/{id}", s[1]).then().statusCode(200);
    }

    @Test
    void anInventoryInstanceAnswers404OnOtherFunctionsRoutesWhoeverAsks() {
        for (String path : new String[]{"/checkouts", "/orders/ord_1", "/customers", "/terminal/readers", "/webhooks/stripe",
                "/locations/store-1/orders", "/internal/sweep"}) {
            as(Tokens.admin()).body("{}").post(path).then().statusCode(404).contentType("application/problem+json");
            given().body("{}").post(path).then().statusCode(404);
        }
    }
}
