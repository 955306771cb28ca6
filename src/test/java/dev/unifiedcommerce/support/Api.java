package dev.unifiedcommerce.support;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** HTTP calls through the Lambda mock event server, as a channel, a store or an admin would make them. */
public final class Api {
    private Api() {}

    public static String uid(String prefix) { return prefix + "-" + UUID.randomUUID().toString().substring(0, 8); }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", Tokens.bearer(token)).contentType(ContentType.JSON);
    }

    public static void product(String sku, long amount, String currency) {
        as(Tokens.admin()).body(Map.of("name", "Product " + sku, "price", Map.of("amount", amount, "currency", currency), "active", true))
                .put("/products/{sku}", sku).then().statusCode(200);
    }

    public static void store(String locationId) {
        as(Tokens.admin()).body(Map.of("name", "Store " + locationId, "type", "STORE", "pickup", true,
                        "address", Map.of("line1", "1-1 Ginza", "city", "Tokyo", "postalCode", "104-0061", "country", "JP")))
                .put("/locations/{id}", locationId).then().statusCode(200);
    }

    /**
     * With -Duc.test.shards=N (the "sharded" test run), every stock level the tests make is split over N shards, so the
     * inventory and checkout specifications are also checked against split stock.
     */
    public static final int TEST_SHARDS = Integer.getInteger("uc.test.shards", 1);

    public static void stock(String sku, String locationId, long onHand) {
        as(Tokens.admin()).body(Map.of("onHand", onHand)).put("/inventory/{sku}/{loc}", sku, locationId).then().statusCode(200);
        if (TEST_SHARDS > 1) {
            as(Tokens.admin()).body(Map.of("count", TEST_SHARDS)).put("/inventory/{sku}/{loc}/shards", sku, locationId).then().statusCode(200);
        }
    }

    /** A product with {@code onHand} units at a new store; returns {sku, locationId}. */
    public static String[] seeded(long onHand) {
        String sku = uid("SKU"), loc = uid("store");
        product(sku, 1200, "usd");
        store(loc);
        stock(sku, loc, onHand);
        return new String[]{sku, loc};
    }

    /** A web shop's card checkout of one SKU, picked up at a store, by a shopper known by phone and e-mail. */
    public static Map<String, Object> cardCheckout(String sku, String store, int quantity) {
        return Map.of("channel", "WEB", "customer", Map.of("phone", "+81 90-1234-5678", "email", "Shopper@Example.com"),
                "lines", java.util.List.of(Map.of("sku", sku, "quantity", quantity)),
                "fulfilment", Map.of("type", "PICKUP", "locationId", store), "payment", Map.of("method", "CARD"));
    }

    public static Map<String, Object> line(String sku, String locationId, int quantity) {
        return Map.of("sku", sku, "locationId", locationId, "quantity", quantity);
    }
}
