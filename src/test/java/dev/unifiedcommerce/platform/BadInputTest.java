package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** Every bad input is a 4xx problem+json naming the field, and nothing is written. */
@QuarkusTest
class BadInputTest {
    String sku, store;

    @BeforeEach
    void seed() {
        String[] s = seeded(5);
        sku = s[0];
        store = s[1];
    }

    private void stockUnchanged() {
        as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200)
                .body("locations", hasSize(1))
                .body("locations[0].onHand", is(5)).body("locations[0].reserved", is(0)).body("locations[0].available", is(5));
    }

    private void holdRefused(Object body, int status, String field) {
        as(Tokens.channel()).body(body).post("/reservations").then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", is(status)).body("title", notNullValue()).body("detail", notNullValue())
                .body("field", is(field));
        stockUnchanged();
    }

    @Test
    void malformedJsonIs400() {
        as(Tokens.channel()).body("{\"lines\": [").post("/reservations").then().statusCode(400)
                .contentType("application/problem+json").body("type", endsWith("malformed-json"));
        stockUnchanged();
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        holdRefused(Map.of("lines", List.of(line(sku, store, 1)), "price", 1), 400, "price");
    }

    @Test
    void anUnknownFieldInALineIs400NamingItsPath() {
        Map<String, Object> l = new HashMap<>(line(sku, store, 1));
        l.put("discount", 5);
        holdRefused(Map.of("lines", List.of(l)), 400, "lines[0].discount");
    }

    @Test
    void aWrongTypeIs400NamingTheField() {
        holdRefused(Map.of("lines", List.of(Map.of("sku", sku, "locationId", store, "quantity", "two"))), 400, "lines[0].quantity");
    }

    @Test
    void quantityZeroNegativeOrAboveTenThousandIs400() {
        holdRefused(Map.of("lines", List.of(line(sku, store, 0))), 400, "lines[0].quantity");
        holdRefused(Map.of("lines", List.of(line(sku, store, -1))), 400, "lines[0].quantity");
        holdRefused(Map.of("lines", List.of(line(sku, store, 10_001))), 400, "lines[0].quantity");
    }

    @Test
    void moreThanFortyLinesIs400() {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < 41; i++) lines.add(line(sku, store, 1));
        holdRefused(Map.of("lines", lines), 400, "lines");
    }

    @Test
    void noLinesIs400() {
        holdRefused(Map.of("lines", List.of()), 400, "lines");
        holdRefused(Map.of(), 400, "lines");
    }

    @Test
    void ttlOutsideOneMinuteToOneDayIs400() {
        holdRefused(Map.of("lines", List.of(line(sku, store, 1)), "ttlSeconds", 59), 400, "ttlSeconds");
        holdRefused(Map.of("lines", List.of(line(sku, store, 1)), "ttlSeconds", 86_401), 400, "ttlSeconds");
    }

    @Test
    void idsOutsideTheAllowedAlphabetAre400() {
        holdRefused(Map.of("lines", List.of(line("bad sku!", store, 1))), 400, "lines[0].sku");
        holdRefused(Map.of("lines", List.of(line(sku, "x".repeat(65), 1))), 400, "lines[0].locationId");
        as(Tokens.admin()).get("/inventory/{sku}", "bad#sku").then().statusCode(400).contentType("application/problem+json")
                .body("field", is("sku"));
    }

    @Test
    void anUnknownSkuOrLocationInTheBodyIs422() {
        holdRefused(Map.of("lines", List.of(line("NO-SUCH-SKU", store, 1))), 422, "lines[0].sku");
        holdRefused(Map.of("lines", List.of(line(sku, store, 1), line(sku, "no-such-store", 1))), 422, "lines[1].locationId");
    }

    @Test
    void anInactiveSkuIs422() {
        as(Tokens.admin()).body(Map.of("name", "Retired", "price", Map.of("amount", 100, "currency", "usd"), "active", false))
                .put("/products/{sku}", sku).then().statusCode(200);
        holdRefused(Map.of("lines", List.of(line(sku, store, 1))), 422, "lines[0].sku");
    }

    @Test
    void anUnknownSkuOrLocationInThePathIs404() {
        as(Tokens.admin()).get("/inventory/{sku}", "NO-SUCH-SKU").then().statusCode(404).contentType("application/problem+json")
                .body("field", is("sku"));
        as(Tokens.admin()).body(Map.of("onHand", 3)).put("/inventory/{sku}/{loc}", "NO-SUCH-SKU", store).then().statusCode(404)
                .body("field", is("sku"));
        as(Tokens.admin()).body(Map.of("onHand", 3)).put("/inventory/{sku}/{loc}", sku, "no-such-store").then().statusCode(404)
                .body("field", is("locationId"));
        as(Tokens.admin()).get("/locations/{id}/inventory", "no-such-store").then().statusCode(404);
        as(Tokens.admin()).get("/reservations/{id}", "res_nothing").then().statusCode(404);
        stockUnchanged();
    }

    @Test
    void aShortageIs409WithShortages() {
        as(Tokens.channel()).body(Map.of("lines", List.of(line(sku, store, 6)))).post("/reservations").then().statusCode(409)
                .contentType("application/problem+json").body("field", is("lines"))
                .body("shortages[0].requested", is(6)).body("shortages[0].available", is(5));
        stockUnchanged();
    }

    @Test
    void onHandBelowReservedIs409AndNegativeOnHandIs400() {
        as(Tokens.channel()).body(Map.of("lines", List.of(line(sku, store, 3)))).post("/reservations").then().statusCode(201);
        as(Tokens.admin()).body(Map.of("onHand", 2)).put("/inventory/{sku}/{loc}", sku, store).then().statusCode(409)
                .body("field", is("onHand")).body("reserved", is(3));
        as(Tokens.admin()).body(Map.of("onHand", -1)).put("/inventory/{sku}/{loc}", sku, store).then().statusCode(400)
                .body("field", is("onHand"));
        as(Tokens.admin()).get("/inventory/{sku}", sku).then().body("locations[0].onHand", is(5)).body("locations[0].available", is(2));
    }

    @Test
    void anAdjustmentBelowZeroIs409AndAZeroDeltaIs400() {
        as(Tokens.admin()).body(Map.of("delta", -6, "reason", "DAMAGED")).post("/inventory/{sku}/{loc}/adjustments", sku, store)
                .then().statusCode(409).body("field", is("delta")).body("available", is(5));
        as(Tokens.admin()).body(Map.of("delta", 0, "reason", "DAMAGED")).post("/inventory/{sku}/{loc}/adjustments", sku, store)
                .then().statusCode(400).body("field", is("delta"));
        as(Tokens.admin()).body(Map.of("delta", -2)).post("/inventory/{sku}/{loc}/adjustments", sku, store)
                .then().statusCode(400).body("field", is("reason"));
        stockUnchanged();
    }

    @Test
    void aBadPriceOrCurrencyIs400() {
        as(Tokens.admin()).body(Map.of("name", "x", "price", Map.of("amount", 100, "currency", "USD")))
                .put("/products/{sku}", uid("SKU")).then().statusCode(400).body("field", is("price.currency"));
        as(Tokens.admin()).body(Map.of("name", "x", "price", Map.of("amount", -1, "currency", "usd")))
                .put("/products/{sku}", uid("SKU")).then().statusCode(400).body("field", is("price.amount"));
    }

    @Test
    void anUnknownRouteIs404ProblemJson() {
        as(Tokens.admin()).get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
