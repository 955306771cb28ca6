package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** A hot SKU's stock split over shards, as an admin sets it up and as shoppers and stores see it: nothing changes but capacity. */
@QuarkusTest
class ShardsTest {
    static Response shards(String sku, String loc, Object count) {
        return as(Tokens.admin()).body(Map.of("count", count)).put("/inventory/{sku}/{loc}/shards", sku, loc);
    }

    static Response hold(String sku, String loc, int quantity) {
        return as(Tokens.channel()).body(Map.of("lines", List.of(line(sku, loc, quantity)))).post("/reservations");
    }

    static void totals(String sku, int onHand, int reserved, int available) {
        as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200)
                .body("locations[0].onHand", is(onHand)).body("locations[0].reserved", is(reserved)).body("locations[0].available", is(available));
    }

    @Test
    void splittingStockChangesNothingAShopperOrAStoreSees() {
        String[] s = seeded(10);
        hold(s[0], s[1], 3).then().statusCode(201);
        shards(s[0], s[1], 4).then().statusCode(200).body("shards", is(4)).body("onHand", is(10)).body("reserved", is(3)).body("available", is(7));
        totals(s[0], 10, 3, 7);
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].shards", is(4)).body("available", is(7));
        as(Tokens.staff(s[1])).get("/locations/{id}/inventory", s[1]).then().statusCode(200)
                .body("items[0].available", is(7)).body("items[0].shards", is(4));
    }

    @Test
    void holdsOfSplitStockTakeEveryUnitAndNotOneMore() {
        String[] s = seeded(9);
        shards(s[0], s[1], 4).then().statusCode(200);
        for (int i = 0; i < 9; i++) hold(s[0], s[1], 1).then().statusCode(201);
        hold(s[0], s[1], 1).then().statusCode(409).body("shortages[0].available", is(0));
        totals(s[0], 9, 9, 0);
    }

    @Test
    void aLineLargerThanAnyOneShardIsDrawnFromSeveralAndGivenBackToThem() {
        String[] s = seeded(8);
        shards(s[0], s[1], 4).then().statusCode(200); // 2 units a shard
        String id = hold(s[0], s[1], 7).then().statusCode(201).extract().path("reservationId");
        totals(s[0], 8, 7, 1);
        hold(s[0], s[1], 2).then().statusCode(409).body("shortages[0].available", is(1));
        as(Tokens.channel()).delete("/reservations/{id}", id).then().statusCode(200).body("status", is("RELEASED"));
        totals(s[0], 8, 0, 8);
        hold(s[0], s[1], 8).then().statusCode(201); // every unit back where it can be held again
    }

    @Test
    void gatheringShardsBackKeepsEveryUnitAndEveryHold() {
        String[] s = seeded(12);
        shards(s[0], s[1], 6).then().statusCode(200);
        String id = hold(s[0], s[1], 5).then().statusCode(201).extract().path("reservationId");
        shards(s[0], s[1], 1).then().statusCode(200).body("shards", is(1)).body("onHand", is(12)).body("reserved", is(5)).body("available", is(7));
        totals(s[0], 12, 5, 7);
        hold(s[0], s[1], 7).then().statusCode(201);
        as(Tokens.channel()).delete("/reservations/{id}", id).then().statusCode(200);
        totals(s[0], 12, 7, 5);
        hold(s[0], s[1], 5).then().statusCode(201);
        hold(s[0], s[1], 1).then().statusCode(409);
    }

    @Test
    void stockGatheredBackCanBeSplitAgain() {
        String[] s = seeded(12);
        shards(s[0], s[1], 8).then().statusCode(200);
        shards(s[0], s[1], 1).then().statusCode(200).body("shards", is(1));
        shards(s[0], s[1], 4).then().statusCode(200).body("shards", is(4)).body("available", is(12));
        for (int i = 0; i < 12; i++) hold(s[0], s[1], 1).then().statusCode(201);
        hold(s[0], s[1], 1).then().statusCode(409);
        totals(s[0], 12, 12, 0);
    }

    @Test
    void countsAndAdjustmentsOfSplitStockSpreadOverItsShards() {
        String[] s = seeded(4);
        shards(s[0], s[1], 4).then().statusCode(200);
        hold(s[0], s[1], 1).then().statusCode(201);
        as(Tokens.admin()).body(Map.of("onHand", 20)).put("/inventory/{sku}/{loc}", s[0], s[1]).then().statusCode(200)
                .body("onHand", is(20)).body("reserved", is(1)).body("available", is(19));
        as(Tokens.admin()).body(Map.of("onHand", 0)).put("/inventory/{sku}/{loc}", s[0], s[1]).then().statusCode(409)
                .body("type", endsWith("below-reserved"));
        as(Tokens.admin()).body(Map.of("delta", -4, "reason", "DAMAGED")).post("/inventory/{sku}/{loc}/adjustments", s[0], s[1])
                .then().statusCode(200).body("available", is(15)).body("shards", is(4));
        as(Tokens.admin()).body(Map.of("delta", -16, "reason", "LOST")).post("/inventory/{sku}/{loc}/adjustments", s[0], s[1])
                .then().statusCode(409).body("field", is("delta"));
        totals(s[0], 16, 1, 15);
        hold(s[0], s[1], 15).then().statusCode(201); // every unit counted in is holdable, wherever it was put
    }

    @Test
    void badShardCountsAreRefusedAndOnlyAnAdminSplitsStock() {
        String[] s = seeded(4);
        shards(s[0], s[1], 0).then().statusCode(400).body("field", containsString("count"));
        shards(s[0], s[1], 17).then().statusCode(400).body("field", containsString("count"));
        shards(s[0], s[1], "4").then().statusCode(400);
        as(Tokens.staff(s[1])).body(Map.of("count", 4)).put("/inventory/{sku}/{loc}/shards", s[0], s[1]).then().statusCode(403);
        shards("NO-SUCH-SKU", s[1], 2).then().statusCode(404);
        String empty = uid("store");
        store(empty);
        shards(s[0], empty, 2).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aProductMadeInactiveIsRefusedOnEveryShard() {
        String[] s = seeded(8);
        shards(s[0], s[1], 4).then().statusCode(200);
        as(Tokens.admin()).body(Map.of("name", "Gone", "price", Map.of("amount", 100, "currency", "usd"), "active", false))
                .put("/products/{sku}", s[0]).then().statusCode(200);
        for (int i = 0; i < 4; i++) hold(s[0], s[1], 1).then().statusCode(422).body("field", is("lines[0].sku"));
        as(Tokens.admin()).body(Map.of("name", "Back", "price", Map.of("amount", 100, "currency", "usd"), "active", true))
                .put("/products/{sku}", s[0]).then().statusCode(200);
        for (int i = 0; i < 8; i++) hold(s[0], s[1], 1).then().statusCode(201);
    }
}
