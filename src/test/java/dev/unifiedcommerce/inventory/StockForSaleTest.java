package dev.unifiedcommerce.inventory;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/**
 * A hold is one transaction: whether a product is for sale rides on its stock levels, kept in step by the catalog. These
 * are the ways a level's flag changes, seen as a shopper and a store see them.
 */
@QuarkusTest
class StockForSaleTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    static void priced(String sku, boolean active) {
        as(Tokens.admin()).body(Map.of("name", "Product " + sku, "price", Map.of("amount", 1200, "currency", "usd"), "active", active))
                .put("/products/{sku}", sku).then().statusCode(200);
    }

    static io.restassured.response.Response hold(String sku, String store) {
        return as(Tokens.channel()).body(Map.of("lines", List.of(line(sku, store, 1)))).post("/reservations");
    }

    @Test
    void aProductMadeInactiveIsRefusedInEveryStoreThatStocksIt() {
        String[] s = seeded(5);
        String second = uid("store");
        store(second);
        stock(s[0], second, 5);
        priced(s[0], false);
        hold(s[0], s[1]).then().statusCode(422).body("field", is("lines[0].sku"));
        hold(s[0], second).then().statusCode(422).body("field", is("lines[0].sku"));
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations.reserved", everyItem(is(0)));
    }

    @Test
    void aProductMadeActiveAgainSellsAgainWithoutTouchingItsStock() {
        String[] s = seeded(5);
        priced(s[0], false);
        hold(s[0], s[1]).then().statusCode(422);
        priced(s[0], true);
        hold(s[0], s[1]).then().statusCode(201);
        as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().body("locations[0].onHand", is(5)).body("locations[0].reserved", is(1));
    }

    @Test
    void stockCountedBeforeItsProductIsOnSaleSellsOnceTheProductIs() {
        String sku = uid("SKU"), loc = uid("store");
        store(loc);
        priced(sku, false);
        stock(sku, loc, 3);
        hold(sku, loc).then().statusCode(422);
        priced(sku, true);
        hold(sku, loc).then().statusCode(201);
    }

    @Test
    void goodsReturnedIntoAStoreThatNeverStockedThemSellThere() {
        String store = uid("store");
        store(store);
        String[] o = paidOrder();
        as(Tokens.staff(store)).body(Map.of("lines", List.of(Map.of("sku", o[1], "quantity", 1)), "restockLocationId", store))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(201);
        hold(o[1], store).then().statusCode(201);
        hold(o[1], store).then().statusCode(409).body("shortages[0].available", is(0));
    }

    @Test
    void returnsOfAProductNoLongerOnSaleDoNotPutItBackOnSale() {
        String store = uid("store");
        store(store);
        String[] o = paidOrder();
        priced(o[1], false);
        as(Tokens.staff(store)).body(Map.of("lines", List.of(Map.of("sku", o[1], "quantity", 1)), "restockLocationId", store))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(201);
        as(Tokens.admin()).get("/inventory/{sku}", o[1]).then().body("locations.find { it.locationId == '" + store + "' }.available", is(1));
        hold(o[1], store).then().statusCode(422).body("field", is("lines[0].sku"));
    }

    @Test
    void aReturnIntoAnUnknownStoreIsRefusedBeforeStripeIsAsked() {
        String[] o = paidOrder();
        int before = stripe.requests().size();
        as(Tokens.admin()).body(Map.of("lines", List.of(Map.of("sku", o[1], "quantity", 1)), "restockLocationId", "no-such-store"))
                .post("/orders/{id}/refunds", o[0]).then().statusCode(422).body("field", is("restockLocationId"));
        as(Tokens.admin()).get("/orders/{id}", o[0]).then().body("status", is("PAID")).body("refunded.amount", is(0));
        // no refund asked of Stripe (reads of refunds by webhooks still arriving from earlier payments are no such thing)
        org.assertj.core.api.Assertions.assertThat(stripe.requests().subList(before, stripe.requests().size()))
                .noneMatch(r -> r.method().equals("POST") && r.path().equals("/v1/refunds"));
    }

    /** A paid web order of 2 units at a new store: {orderId, sku}. */
    String[] paidOrder() {
        String[] s = seeded(5);
        JsonPath o = as(Tokens.channel()).body(cardCheckout(s[0], s[1], 2)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        stripe.succeed(o.getString("payment.paymentIntentId"));
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 2400)).then().statusCode(200);
        return new String[]{o.getString("orderId"), s[0]};
    }
}
