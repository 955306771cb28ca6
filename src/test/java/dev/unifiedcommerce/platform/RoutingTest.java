package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** A function serves only its own routes: an Inventory instance answers 404 on every other function's route. */
@QuarkusTest
@TestProfile(RoutingTest.InventoryOnly.class)
class RoutingTest {
    public static class InventoryOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() { return Map.of("commerce.function", "inventory"); }
    }

    @Test
    void anInventoryInstanceServesInventoryRoutes() {
        String[] s = seeded(2);
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().statusCode(200);
        as(Tokens.channel()).get("/locations").then().statusCode(200);
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
