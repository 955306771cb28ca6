package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Strict input: numbers are numbers, cursors are ours, text has limits, currencies are chargeable. */
@QuarkusTest
class StrictInputTest {
    @Test
    void aQuantityThatIsNotAWholeJsonNumberIsRefusedAndNothingIsHeld() {
        String[] s = seeded(5);
        for (String quantity : List.of("1.5", "\"1\"", "1e0", "true")) {
            given().header("Authorization", Tokens.bearer(Tokens.channel())).contentType(ContentType.JSON)
                    .body("{\"lines\":[{\"sku\":\"" + s[0] + "\",\"locationId\":\"" + s[1] + "\",\"quantity\":" + quantity + "}]}")
                    .post("/reservations").then().statusCode(400).contentType("application/problem+json").body("field", is("lines[0].quantity"));
        }
        as(Tokens.channel()).get("/inventory/{sku}", s[0]).then().body("locations[0].reserved", is(0));
    }

    @Test
    void aCursorIsOnlyGoodForTheListCallerAndQueryItCameFrom() {
        String store = uid("store");
        store(store);
        for (int i = 0; i < 3; i++) {
            String sku = uid("SKU");
            product(sku, 100, "usd");
            stock(sku, store, 1);
        }
        String next = as(Tokens.channel()).queryParam("limit", 1).get("/locations/{id}/inventory", store).then().statusCode(200)
                .body("items", hasSize(1)).extract().path("next");
        as(Tokens.channel()).queryParam("limit", 1).queryParam("next", next).get("/locations/{id}/inventory", store).then().statusCode(200)
                .body("items", hasSize(1));
        // tampered, forged, from another caller, for another query: 400 naming next, never a 500
        String raw = next.substring(0, next.lastIndexOf('.'));
        for (String bad : List.of("bm90LWEtY3Vyc29y", next + "x", raw + ".AAAA",
                Base64.getUrlEncoder().withoutPadding().encodeToString("GSI1PK\u0000X\u0000GSI1SK\u0000Y\u0000PK\u0000Z\u0000SK\u0000W".getBytes()) + "." + next.substring(next.lastIndexOf('.') + 1))) {
            as(Tokens.channel()).queryParam("limit", 1).queryParam("next", bad).get("/locations/{id}/inventory", store).then().statusCode(400)
                    .contentType("application/problem+json").body("field", is("next"));
        }
        as(Tokens.channel("another-shop")).queryParam("limit", 1).queryParam("next", next).get("/locations/{id}/inventory", store).then().statusCode(400);
        as(Tokens.channel()).queryParam("limit", 2).queryParam("next", next).get("/locations/{id}/inventory", store).then().statusCode(400);
    }

    @Test
    void locationsComeAPageAtATime() {
        for (int i = 0; i < 3; i++) store(uid("store"));
        var first = as(Tokens.channel()).queryParam("limit", 2).get("/locations").then().statusCode(200)
                .body("locations", hasSize(2)).body("next", notNullValue()).extract().jsonPath();
        var second = as(Tokens.channel()).queryParam("limit", 2).queryParam("next", first.getString("next")).get("/locations")
                .then().statusCode(200).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(second.getList("locations.locationId")).isNotEmpty()
                .doesNotContainAnyElementsOf(first.getList("locations.locationId"));
        as(Tokens.channel()).queryParam("limit", 1001).get("/locations").then().statusCode(400).body("field", containsString("limit"));
    }

    @Test
    void readerLabelsAndPairingCodesHaveLimits() {
        String store = uid("store");
        store(store);
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        as(Tokens.admin()).body(Map.of("registrationCode", "simulated-wpe", "label", "x".repeat(65), "locationId", store))
                .post("/terminal/readers").then().statusCode(400).body("field", is("label"));
        as(Tokens.admin()).body(Map.of("registrationCode", "s".repeat(101), "label", "Till", "locationId", store))
                .post("/terminal/readers").then().statusCode(400).body("field", is("registrationCode"));
    }

    @Test
    void aPriceIsInACurrencyStripeCharges() {
        for (String currency : List.of("xyz", "xts", "JPY", "jp")) {
            as(Tokens.admin()).body(Map.of("name", "Thing", "price", Map.of("amount", 100, "currency", currency)))
                    .put("/products/{sku}", uid("SKU")).then().statusCode(400).body("field", is("price.currency"));
        }
        as(Tokens.admin()).body(Map.of("name", "Thing", "price", Map.of("amount", 100, "currency", "sek"))).put("/products/{sku}", uid("SKU"))
                .then().statusCode(200);
    }

    @Test
    void aStoreKeepsItsTimeZone() {
        String store = uid("store");
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Stockholm", "type", "STORE", "pickup", true,
                "address", Map.of("line1", "Drottninggatan 1", "city", "Stockholm", "postalCode", "111 51", "country", "SE")));
        as(Tokens.admin()).body(body).put("/locations/{id}", store).then().statusCode(200).body("timeZone", is("UTC"));
        body.put("timeZone", "Europe/Stockholm");
        as(Tokens.admin()).body(body).put("/locations/{id}", store).then().statusCode(200).body("timeZone", is("Europe/Stockholm"));
        as(Tokens.channel()).get("/locations/{id}", store).then().body("timeZone", is("Europe/Stockholm"));
        for (String bad : List.of("Stockholm", "Mars/Olympus", "+01:00")) {
            body.put("timeZone", bad);
            as(Tokens.admin()).body(body).put("/locations/{id}", store).then().statusCode(400).body("field", is("timeZone"));
        }
    }
}
