package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.unifiedcommerce.support.Api.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;

/**
 * People sign in with ID tokens of our app clients; channels with client-credentials access tokens of our channel
 * clients, carrying the channel scope. Any other token shape is 401, even when signed by the right key.
 */
@QuarkusTest
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class TokenShapesTest {
    @Test
    void zAfterRefusalsAPersonsIdTokenAndAChannelsAccessTokenAreStillAccepted() {
        String[] s = seeded(1);
        given().header("Authorization", Tokens.bearer(Tokens.admin())).get("/products/{sku}", s[0]).then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.channel())).get("/products/{sku}", s[0]).then().statusCode(200);
    }

    @Test
    void anIdTokenIssuedToAnotherClientIs401() {
        String other = Jwt.issuer(Tokens.ISSUER).subject("p").audience("someone-elses-app").claim("token_use", "id")
                .claim("cognito:groups", List.of("admin")).expiresIn(Duration.ofMinutes(5)).sign();
        given().header("Authorization", "Bearer " + other).get("/products/{sku}", "ANY-SKU").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anAccessTokenOfAnUnknownClientOrWithoutTheChannelScopeIs401() {
        String unknownClient = Jwt.issuer(Tokens.ISSUER).subject("c").claim("token_use", "access").claim("client_id", "not-a-channel")
                .claim("scope", "unified-commerce/channel").expiresIn(Duration.ofMinutes(5)).sign();
        String noScope = Jwt.issuer(Tokens.ISSUER).subject("c").claim("token_use", "access").claim("client_id", "dev-channel")
                .claim("scope", "openid").expiresIn(Duration.ofMinutes(5)).sign();
        given().header("Authorization", "Bearer " + unknownClient).get("/products/{sku}", "ANY-SKU").then().statusCode(401);
        given().header("Authorization", "Bearer " + noScope).get("/products/{sku}", "ANY-SKU").then().statusCode(401);
    }

    @Test
    void aTokenThatIsNeitherIsRefusedAndAPersonIsNeverAChannel() {
        String shapeless = Jwt.issuer(Tokens.ISSUER).subject("x").claim("cognito:groups", List.of("admin")).expiresIn(Duration.ofMinutes(5)).sign();
        given().header("Authorization", "Bearer " + shapeless).get("/products/{sku}", "ANY-SKU").then().statusCode(401);
        // a user put in a "channel" group gets no channel rights: channels are clients, not people
        String person = Jwt.issuer(Tokens.ISSUER).subject("u").audience("dev-console").claim("token_use", "id")
                .claim("cognito:groups", List.of("channel")).expiresIn(Duration.ofMinutes(5)).sign();
        given().header("Authorization", "Bearer " + person).get("/products/{sku}", "ANY-SKU").then().statusCode(403);
    }
}
