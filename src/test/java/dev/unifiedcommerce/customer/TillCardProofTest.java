package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** At the till a shopper proves who she is by tapping a card already linked to her: her points are spent only if it is hers. */
@QuarkusTest
class TillCardProofTest {
    static final String HER_CARD = "4242 4242 4242 4242", ANOTHER_CARD = "5555 5555 5555 4444";
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void deliverStripeEvents() { stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET); }

    @AfterEach
    void stopDelivering() { stripe.sendEventsTo(null, null); }

    /** A store with a reader, an item, and a customer who paid online with her card (so it is hers) and holds 1,000 points. */
    record Till(String store, String reader, String sku, String customerId) {}

    Till till() {
        String store = uid("store");
        store(store);
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        String reader = as(Tokens.staff(store)).body(Map.of("registrationCode", "simulated-" + uid("wpe"), "label", "Till", "locationId", store))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        String sku = uid("TEE"), big = uid("COAT");
        product(sku, 2000, "jpy");
        product(big, 100_000, "jpy");
        stock(sku, store, 5);
        stock(big, store, 1);
        String shopper = uid("acct");
        String customerId = Shoppers.bind(Tokens.channel(), Shoppers.newMobile(), shopper);
        Map<String, Object> online = new HashMap<>(cardCheckout(big, store, 1));
        online.put("customer", Map.of("shopperRef", shopper));
        String pi = as(Tokens.channel()).body(online).post("/checkouts").then().statusCode(201).extract().path("payment.paymentIntentId");
        stripe.payWithCard(pi, HER_CARD);
        assertThat(stripe.simulate(pi, true)).contains("payment_intent.succeeded 200", "charge.succeeded 200");
        assertThat(points(customerId)).isEqualTo(1000);
        return new Till(store, reader, sku, customerId);
    }

    static long points(String customerId) {
        return as(Tokens.admin()).get("/customers/{id}", customerId).then().statusCode(200).extract().jsonPath().getLong("loyaltyPoints");
    }

    static Map<String, Object> sale(Till t, Map<String, Object> customer) {
        return new HashMap<>(Map.of("channel", "POS", "customer", customer, "redeemPoints", 300, "lines", List.of(Map.of("sku", t.sku(), "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", t.store()), "payment", Map.of("method", "TERMINAL", "readerId", t.reader())));
    }

    @Test
    void herOwnCardTappedVouchesForHerAndHerPointsPayPartOfTheSale() {
        Till t = till();
        JsonPath o = as(Tokens.staff(t.store())).body(sale(t, Map.of("customerId", t.customerId(), "proof", "CARD"))).post("/checkouts")
                .then().statusCode(201).body("total.amount", is(1700)).extract().jsonPath();
        stripe.payWithCard(o.getString("payment.paymentIntentId"), HER_CARD);
        assertThat(stripe.simulate(o.getString("payment.paymentIntentId"), true)).contains("payment_intent.succeeded 200");
        JsonPath order = as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().extract().jsonPath();
        assertThat(order.getString("status")).isEqualTo("PAID");
        assertThat(order.getList("timeline.detail", String.class)).anyMatch(d -> d.contains("customer's own card"));
        assertThat(points(t.customerId())).isEqualTo(1000 - 300 + 17);
    }

    @Test
    void anotherCardTappedSpendsNothingOfHersAndThePaymentGoesBack() {
        Till t = till();
        JsonPath o = as(Tokens.staff(t.store())).body(sale(t, Map.of("customerId", t.customerId(), "proof", "CARD"))).post("/checkouts")
                .then().statusCode(201).extract().jsonPath();
        String pi = o.getString("payment.paymentIntentId");
        assertThat(points(t.customerId())).isEqualTo(700); // spent with the order, until its payment shows whose card it was
        stripe.payWithCard(pi, ANOTHER_CARD);
        assertThat(stripe.simulate(pi, true)).contains("payment_intent.succeeded 200");
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("status", is("NEEDS_ATTENTION"));
        assertThat(points(t.customerId())).isEqualTo(1000);
        as(Tokens.admin()).get("/inventory/{sku}", t.sku()).then().body("locations[0].available", is(5));
        assertThat(stripe.requests().stream().filter(r -> r.path().equals("/v1/refunds")).map(r -> r.params().get("payment_intent"))).contains(pi);

        // that card did not become hers by failing: tapped again, it still proves nothing
        JsonPath again = as(Tokens.staff(t.store())).body(sale(t, Map.of("customerId", t.customerId(), "proof", "CARD"))).post("/checkouts")
                .then().statusCode(201).extract().jsonPath();
        stripe.payWithCard(again.getString("payment.paymentIntentId"), ANOTHER_CARD);
        stripe.simulate(again.getString("payment.paymentIntentId"), true);
        as(Tokens.admin()).get("/orders/{id}", again.getString("orderId")).then().body("status", is("NEEDS_ATTENTION"));
        assertThat(points(t.customerId())).isEqualTo(1000);
    }

    @Test
    void aSaleHerPointsPayInFullHasNoTapSoACardCannotVouchForIt() {
        Till t = till();
        String cheap = uid("SOCKS");
        product(cheap, 500, "jpy");
        stock(cheap, t.store(), 2);
        Map<String, Object> body = sale(t, Map.of("customerId", t.customerId(), "proof", "CARD"));
        body.put("lines", List.of(Map.of("sku", cheap, "quantity", 1)));
        body.put("redeemPoints", 500);
        as(Tokens.staff(t.store())).body(body).post("/checkouts").then().statusCode(422).body("field", is("customer.proof"));
        assertThat(points(t.customerId())).isEqualTo(1000);
    }

    @Test
    void aCardVouchesOnlyAtTheReaderAndOnlyForStaff() {
        Till t = till();
        Map<String, Object> byCard = sale(t, Map.of("customerId", t.customerId(), "proof", "CARD"));
        byCard.put("payment", Map.of("method", "CARD"));
        as(Tokens.staff(t.store())).body(byCard).post("/checkouts").then().statusCode(400).body("field", is("customer.proof"));
        Map<String, Object> web = new HashMap<>(cardCheckout(t.sku(), t.store(), 1));
        web.put("customer", Map.of("customerId", t.customerId(), "proof", "CARD"));
        as(Tokens.channel()).body(web).post("/checkouts").then().statusCode(400).body("field", is("customer.proof"));
    }
}
