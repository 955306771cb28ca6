package dev.unifiedcommerce.visit;

import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** The shopper came to try things on and buys some at the till: those units move from the visit's hold into the sale. */
@QuarkusTest
public class VisitTillSaleTest {
    /** A Tokyo store taking visits, two SKUs of 3 units each, and a visit ARRIVED with one of each: {skuA, skuB, store, visitId}. */
    public static String[] arrivedVisit() {
        String[] s = VisitsHttpTest.tokyoStore(2, 3);
        String other = uid("SHOE");
        product(other, 9000, "jpy");
        stock(other, s[1], 3);
        String start = (String) VisitsHttpTest.slots(s[1], s[0]).getFirst().get("start");
        Map<String, Object> booking = VisitsHttpTest.booking(s[1], start, s[0], 1, VisitsHttpTest.phone());
        booking.put("items", List.of(Map.of("sku", s[0], "quantity", 1), Map.of("sku", other, "quantity", 1)));
        String visitId = as(Tokens.channel()).body(booking).post("/visits").then().statusCode(201).extract().path("visitId");
        as(Tokens.staff(s[1])).post("/visits/{id}/arrived", visitId).then().statusCode(200);
        return new String[]{s[0], other, s[1], visitId};
    }

    static Map<String, Object> till(String store, String visitId, List<Map<String, Object>> lines) {
        return new HashMap<>(Map.of("channel", "POS", "visitId", visitId, "lines", lines,
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", store), "payment", Map.of("method", "CARD")));
    }

    static Map<String, Object> level(String sku, String loc) { return VisitsHttpTest.level(sku, loc); }

    static void pay(JsonPath o) {
        String pi = o.getString("payment.paymentIntentId");
        StripeStandInResource.standIn().succeed(pi);
        Events.deliver(Events.paymentIntentSucceeded(pi, o.getString("orderId"), o.getLong("total.amount"), o.getString("total.currency"))).then().statusCode(200);
    }

    @Test
    void buyingOneOfTwoItemsMovesItIntoTheSaleAndReleasesTheOtherOncePaid() {
        String[] v = arrivedVisit();
        JsonPath o = as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1)))).post("/checkouts")
                .then().statusCode(201).body("total.amount", is(12000)).extract().jsonPath();
        // the unit bought never went back on sale: still reserved, now by the order; the other still the visit's
        assertThat(level(v[0], v[2])).containsEntry("reserved", 1).containsEntry("available", 2);
        assertThat(level(v[1], v[2])).containsEntry("reserved", 1).containsEntry("available", 2);
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().body("status", is("ARRIVED"));

        pay(o);
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("PAID"));
        assertThat(level(v[0], v[2])).containsEntry("onHand", 2).containsEntry("reserved", 0).containsEntry("available", 2);
        assertThat(level(v[1], v[2])).containsEntry("onHand", 3).containsEntry("reserved", 0).containsEntry("available", 3);
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().body("status", is("COMPLETED"));
    }

    @Test
    void unitsAndLinesTheVisitDidNotHoldAreHeldInTheSameTransaction() {
        String[] v = arrivedVisit();
        String extra = uid("SOCK");
        product(extra, 800, "jpy");
        stock(extra, v[2], 2);
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 2), Map.of("sku", extra, "quantity", 1))))
                .post("/checkouts").then().statusCode(201).body("total.amount", is(24800));
        assertThat(level(v[0], v[2])).containsEntry("reserved", 2).containsEntry("available", 1); // 1 from the visit, 1 more
        assertThat(level(extra, v[2])).containsEntry("reserved", 1);
        assertThat(level(v[1], v[2])).containsEntry("reserved", 1); // still the visit's
        // more than the store has: nothing moves, nothing is held
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[1], "quantity", 5)))).post("/checkouts").then().statusCode(409);
    }

    @Test
    void aSaleCancelledAtTheTillLeavesTheVisitArrivedWithWhatItStillHolds() {
        String[] v = arrivedVisit();
        String orderId = as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1)))).post("/checkouts")
                .then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[1], "quantity", 1)))).post("/checkouts").then().statusCode(409)
                .body("field", is("visitId")).body("orderId", is(orderId)); // one sale of a visit at a time
        as(Tokens.staff(v[2])).post("/orders/{id}/cancel", orderId).then().statusCode(200);
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().body("status", is("ARRIVED"));
        assertThat(level(v[0], v[2])).containsEntry("reserved", 0).containsEntry("available", 3);
        assertThat(level(v[1], v[2])).containsEntry("reserved", 1);
        // the shopper changes their mind: the other item, sold from what the visit still holds
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[1], "quantity", 1)))).post("/checkouts").then().statusCode(201);
        assertThat(level(v[1], v[2])).containsEntry("reserved", 1).containsEntry("available", 2);
    }

    @Test
    void buyingEverythingThenCancellingLeavesTheVisitArrivedAndANewSaleCanStart() {
        String[] v = arrivedVisit();
        String all = as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1), Map.of("sku", v[1], "quantity", 1))))
                .post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.staff(v[2])).post("/orders/{id}/cancel", all).then().statusCode(200);
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().body("status", is("ARRIVED"));
        assertThat(level(v[0], v[2])).containsEntry("reserved", 0).containsEntry("available", 3);
        // the visit holds nothing now; a new sale holds what it sells from the stock
        JsonPath again = as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1)))).post("/checkouts")
                .then().statusCode(201).extract().jsonPath();
        assertThat(level(v[0], v[2])).containsEntry("reserved", 1);
        pay(again);
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().body("status", is("COMPLETED"));
        assertThat(level(v[0], v[2])).containsEntry("onHand", 2).containsEntry("reserved", 0);
    }

    @Test
    void aCancelAfterASaleStartedReleasesOnlyWhatTheVisitStillHolds() {
        String[] v = arrivedVisit();
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1)))).post("/checkouts").then().statusCode(201);
        as(Tokens.staff(v[2])).post("/visits/{id}/cancel", v[3]).then().statusCode(200).body("status", is("CANCELLED"));
        assertThat(level(v[0], v[2])).containsEntry("reserved", 1).containsEntry("available", 2); // the sale's unit stays held
        assertThat(level(v[1], v[2])).containsEntry("reserved", 0).containsEntry("available", 3);
    }

    @Test
    void aVisitsHoldIsNotReleasedOrBoughtAroundTheVisit() {
        String[] v = arrivedVisit();
        String reservationId = as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().extract().path("reservation.reservationId");
        as(Tokens.channel()).delete("/reservations/{id}", reservationId).then().statusCode(409).body("visitId", is(v[3]));
        Map<String, Object> takeOver = new HashMap<>(Map.of("channel", "POS", "reservationId", reservationId,
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", v[2]), "payment", Map.of("method", "CARD")));
        as(Tokens.staff(v[2])).body(takeOver).post("/checkouts").then().statusCode(409).body("field", is("reservationId"));
        assertThat(level(v[0], v[2])).containsEntry("reserved", 1);
    }

    @Test
    void aVisitOfAnotherStoreOrOneThatEndedCannotBeSoldAndAChannelCannotSellOne() {
        String[] v = arrivedVisit();
        String elsewhere = uid("store");
        store(elsewhere);
        stock(v[0], elsewhere, 3);
        Map<String, Object> there = till(elsewhere, v[3], List.of(Map.of("sku", v[0], "quantity", 1)));
        as(Tokens.staff(elsewhere)).body(there).post("/checkouts").then().statusCode(422).body("field", is("visitId"));
        Map<String, Object> web = new HashMap<>(cardCheckout(v[0], v[2], 1));
        web.put("visitId", v[3]);
        as(Tokens.channel()).body(web).post("/checkouts").then().statusCode(400).body("field", is("visitId"));
        as(Tokens.staff(v[2])).post("/visits/{id}/cancel", v[3]).then().statusCode(200);
        as(Tokens.staff(v[2])).body(till(v[2], v[3], List.of(Map.of("sku", v[0], "quantity", 1)))).post("/checkouts").then().statusCode(409)
                .body("field", is("visitId"));
    }
}
