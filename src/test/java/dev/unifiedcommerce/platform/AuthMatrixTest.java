package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/** Who may do what (DESIGN.md "Errors, auth"): every refusal is problem+json and changes nothing. */
@QuarkusTest
class AuthMatrixTest {
    String sku, store;

    @BeforeEach
    void seed() {
        String[] s = seeded(5);
        sku = s[0];
        store = s[1];
    }

    @Test
    void noTokenIs401ProblemJson() {
        given().contentType(ContentType.JSON).get("/inventory/{sku}", sku).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("status", is(401)).body("field", is("Authorization"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIs401() {
        String forged = Tokens.admin();
        String[] parts = forged.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        given().header("Authorization", "Bearer " + tampered).get("/inventory/{sku}", sku).then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        String other = io.smallrye.jwt.build.Jwt.issuer("https://evil.example").subject("x")
                .claim("cognito:groups", List.of("admin")).sign();
        given().header("Authorization", "Bearer " + other).get("/inventory/{sku}", sku).then().statusCode(401);
    }

    @Test
    void aChannelCannotChangeTheCatalogOrStock() {
        as(Tokens.channel()).body(Map.of("name", "x", "price", Map.of("amount", 1, "currency", "usd")))
                .put("/products/{sku}", sku).then().statusCode(403).contentType("application/problem+json");
        as(Tokens.channel()).body(Map.of("onHand", 99)).put("/inventory/{sku}/{loc}", sku, store).then().statusCode(403);
        as(Tokens.channel()).get("/inventory/{sku}", sku).then().statusCode(200).body("locations[0].onHand", is(5));
    }

    @Test
    void staffSetStockOfTheirOwnStoreOnly() {
        as(Tokens.staff(store)).body(Map.of("onHand", 8)).put("/inventory/{sku}/{loc}", sku, store).then().statusCode(200)
                .body("onHand", is(8)).body("available", is(8));
        as(Tokens.staff("another-store")).body(Map.of("onHand", 0)).put("/inventory/{sku}/{loc}", sku, store).then().statusCode(403)
                .contentType("application/problem+json");
        as(Tokens.staff("another-store")).body(Map.of("delta", -1, "reason", "DAMAGED"))
                .post("/inventory/{sku}/{loc}/adjustments", sku, store).then().statusCode(403);
        as(Tokens.admin()).get("/inventory/{sku}", sku).then().body("locations[0].onHand", is(8));
    }

    @Test
    void staffCannotChangeTheCatalog() {
        as(Tokens.staff(store)).body(Map.of("name", "x", "type", "STORE", "address",
                        Map.of("line1", "a", "city", "b", "postalCode", "c", "country", "JP")))
                .put("/locations/{id}", store).then().statusCode(403);
    }

    @Test
    void everyRoleMayReadStockAndHold() {
        for (String token : List.of(Tokens.admin(), Tokens.staff(store), Tokens.channel())) {
            as(token).get("/inventory/{sku}", sku).then().statusCode(200);
            as(token).body(Map.of("lines", List.of(line(sku, store, 1)))).post("/reservations").then().statusCode(201);
        }
        as(Tokens.admin()).get("/inventory/{sku}", sku).then().body("locations[0].reserved", is(3));
    }

    @Test
    void aTokenWithoutAnyKnownRoleIs403() {
        as(Tokens.token("someone", "customer")).get("/inventory/{sku}", sku).then().statusCode(403)
                .contentType("application/problem+json");
    }
}
