package dev.unifiedcommerce.catalog;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** A product can also be sold by subscription: the intervals it renews at and its price per delivery. */
@QuarkusTest
class SubscriptionOfferTest {
    @Test
    void aProductOffersASubscriptionAtItsOwnPriceAndKeepsIt() {
        String sku = uid("BLEND");
        as(Tokens.admin()).body(Map.of("name", "House blend", "price", Map.of("amount", 1800, "currency", "jpy"), "active", true,
                        "subscription", Map.of("intervals", List.of("MONTH", "WEEK"), "price", Map.of("amount", 1600, "currency", "jpy"))))
                .put("/products/{sku}", sku).then().statusCode(200).body("subscription.intervals", contains("WEEK", "MONTH"))
                .body("subscription.price.amount", is(1600));
        as(Tokens.channel()).get("/products/{sku}", sku).then().body("subscription.price.amount", is(1600)).body("price.amount", is(1800));
        // a product saved without it no longer offers one
        product(sku, 1800, "jpy");
        as(Tokens.channel()).get("/products/{sku}", sku).then().body("subscription", nullValue());
    }

    @Test
    void anOfferInAnotherCurrencyOrWithoutIntervalsIsRefusedNamingTheField() {
        as(Tokens.admin()).body(Map.of("name", "Blend", "price", Map.of("amount", 1800, "currency", "jpy"),
                        "subscription", Map.of("intervals", List.of("MONTH"), "price", Map.of("amount", 16, "currency", "usd"))))
                .put("/products/{sku}", uid("BLEND")).then().statusCode(400).body("field", is("subscription.price.currency"));
        as(Tokens.admin()).body(Map.of("name", "Blend", "price", Map.of("amount", 1800, "currency", "jpy"),
                        "subscription", Map.of("intervals", List.of(), "price", Map.of("amount", 1600, "currency", "jpy"))))
                .put("/products/{sku}", uid("BLEND")).then().statusCode(400).body("field", containsString("intervals"));
        as(Tokens.admin()).body(Map.of("name", "Blend", "price", Map.of("amount", 1800, "currency", "jpy"),
                        "subscription", Map.of("intervals", List.of("FORTNIGHT"), "price", Map.of("amount", 1600, "currency", "jpy"))))
                .put("/products/{sku}", uid("BLEND")).then().statusCode(400);
    }
}
