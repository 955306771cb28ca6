package dev.unifiedcommerce.platform;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Channels code against the OpenAPI document the app serves: every route, and who may call it. */
@QuarkusTest
class OpenApiTest {
    @Test
    void theAppServesItsOpenApiDocumentWithTheInventoryRoutes() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/reservations"))
                .body("paths", hasKey("/inventory/{sku}/{locationId}"))
                .body("paths", hasKey("/products/{sku}"))
                .body("paths", hasKey("/payment-issues"))
                .body("paths", hasKey("/payment-issues/{issueId}/resolve"))
                .body("paths", hasKey("/customers/{customerId}"))
                .body("paths", hasKey("/inventory/{sku}/{locationId}/shards"))
                .body("paths", hasKey("/promotions/{code}"))
                .body("paths", hasKey("/customers/{customerId}/promotions"))
                .body("paths", hasKey("/locations/{locationId}/visit-schedule"))
                .body("paths", hasKey("/locations/{locationId}/visit-slots"))
                .body("paths", hasKey("/locations/{locationId}/visits"))
                .body("paths", hasKey("/visits"))
                .body("paths", hasKey("/visits/{visitId}/reschedule"))
                .body("paths", hasKey("/subscriptions"))
                .body("paths", hasKey("/subscriptions/{subscriptionId}"));
    }

    @Test
    void everyRouteOfTheContractIsARouteOfTheDeployedHttpApi() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Set<String> deployed = new java.util.HashSet<>();
        for (var it = TemplateTest.TEMPLATE.get("Resources").fields(); it.hasNext(); ) {
            for (var event : it.next().getValue().path("Properties").path("Events")) {
                if (!"HttpApi".equals(event.path("Type").asText())) continue;
                deployed.add(event.at("/Properties/Method").asText().toUpperCase() + " " + event.at("/Properties/Path").asText());
            }
        }
        // the schedules' routes are reached by their synthetic events, never through the HTTP API
        Set<String> internal = Set.of("/internal/sweep", "/internal/follow-ups", "/internal/reconcile", "/internal/export");
        int routes = 0;
        for (var path : paths.entrySet()) {
            if (internal.contains(path.getKey())) continue;
            for (String method : path.getValue().keySet()) {
                assertThat(deployed).as("template.yaml has no HttpApi event for %s %s", method.toUpperCase(), path.getKey())
                        .contains(method.toUpperCase() + " " + path.getKey());
                routes++;
            }
        }
        assertThat(routes).isGreaterThan(25);
    }

    @Test
    void everyRouteNamesTheRolesThatMayCallIt() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        Set<String> open = Set.of("/webhooks/stripe", "/internal/sweep", "/internal/follow-ups", "/internal/reconcile", "/internal/export");
        int routes = 0;
        for (var path : paths.entrySet()) {
            if (open.contains(path.getKey())) continue;
            for (var op : path.getValue().entrySet()) {
                @SuppressWarnings("unchecked")
                List<Map<String, List<String>>> security = (List<Map<String, List<String>>>) op.getValue().get("security");
                assertThat(security).as("%s %s", op.getKey(), path.getKey()).isNotEmpty();
                assertThat(security.getFirst().values().iterator().next()).as("roles of %s %s", op.getKey(), path.getKey())
                        .isNotEmpty().allMatch(r -> Set.of("admin", "staff", "channel").contains(r));
                routes++;
            }
        }
        assertThat(routes).isGreaterThan(25);
        assertThat(doc.getList("paths.'/payment-issues/{issueId}/resolve'.post.security[0].SecurityScheme")).containsExactly("admin");
        assertThat(doc.getList("paths.'/inventory/{sku}/{locationId}/shards'.put.security[0].SecurityScheme")).containsExactly("admin");
        assertThat(doc.getList("paths.'/promotions/{code}'.put.security[0].SecurityScheme")).containsExactly("admin");
    }

    @Test
    void theCheckoutContractNamesPromotionCodesTheirRefusalsAndTheDiscountedTotals() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
        assertThat(doc.getMap("components.schemas.CheckoutBody.properties")).containsKey("promotionCode");
        assertThat(doc.getMap("components.schemas.CustomerBody.properties")).containsKey("customerId");
        assertThat(doc.getMap("components.schemas.CheckoutView.properties")).containsKeys("subtotal", "discounts", "total");
        assertThat(doc.getMap("components.schemas.OrderView.properties")).containsKeys("subtotal", "discounts", "total");
        assertThat(doc.getMap("components.schemas.VisitView.properties")).containsKeys("visitId", "status", "start", "end", "reservation");
        assertThat(doc.getString("paths.'/checkouts'.post.responses.'422'.description"))
                .contains("UNKNOWN", "INACTIVE", "EXPIRED", "NOT_YET_VALID", "WRONG_CHANNEL", "WRONG_LOCATION", "BELOW_MINIMUM_SPEND", "USED_UP",
                        "ALREADY_USED", "CUSTOMER_REQUIRED", "BELOW_MINIMUM_CHARGE");
    }
}
