package dev.unifiedcommerce.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.unifiedcommerce.support.Api.*;
import static org.hamcrest.Matchers.*;

/** The same card online and in store makes one customer (charge.succeeded carries the card's fingerprint). */
@QuarkusTest
class CardLinkTest {

    static ObjectNode chargeSucceeded(String paymentIntentId, String fingerprint, boolean inStore) {
        return Events.sample("synthesized-from-fixtures3/payment_intent.succeeded", o -> { }).put("type", "charge.succeeded")
                .set("data", charge(paymentIntentId, fingerprint, inStore));
    }

    static ObjectNode charge(String paymentIntentId, String fingerprint, boolean inStore) {
        ObjectNode data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        ObjectNode ch = data.putObject("object");
        ch.put("id", "ch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        ch.put("object", "charge");
        ch.put("payment_intent", paymentIntentId);
        ch.put("status", "succeeded");
        ObjectNode details = ch.putObject("payment_method_details");
        details.put("type", inStore ? "card_present" : "card");
        details.putObject(inStore ? "card_present" : "card").put("fingerprint", fingerprint).put("last4", "4242");
        return data;
    }

    @Test
    void aTillPurchaseWithTheCardOfAnOnlineCustomerJoinsThatCustomerWithItsPoints() {
        String[] s = seeded(5);
        String fingerprint = "fp_" + UUID.randomUUID().toString().substring(0, 12);
        String phone = Shoppers.newMobile(), shopper = uid("acct");
        Shoppers.bind(Tokens.channel(), phone, shopper);
        Map<String, Object> online = new HashMap<>(cardCheckout(s[0], s[1], 1));
        online.put("customer", Map.of("shopperRef", shopper));
        JsonPath web = as(Tokens.channel()).body(online).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(web.getString("payment.paymentIntentId"), web.getString("orderId"), 1200)).then().statusCode(200);
        Events.deliver(chargeSucceeded(web.getString("payment.paymentIntentId"), fingerprint, false)).then().statusCode(200).body("result", is("applied"));

        Map<String, Object> till = new HashMap<>();
        till.put("channel", "POS");
        till.put("lines", List.of(Map.of("sku", s[0], "quantity", 2)));
        till.put("fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]));
        till.put("payment", Map.of("method", "CARD"));
        JsonPath pos = as(Tokens.staff(s[1])).body(till).post("/checkouts").then().statusCode(201).body("customerId", nullValue()).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(pos.getString("payment.paymentIntentId"), pos.getString("orderId"), 2400)).then().statusCode(200);
        ObjectNode charge = chargeSucceeded(pos.getString("payment.paymentIntentId"), fingerprint, true);
        Events.deliver(charge).then().statusCode(200).body("result", is("applied"));
        Events.deliver(charge).then().statusCode(200).body("result", is("duplicate"));

        as(Tokens.staff(s[1])).queryParam("phone", phone).get("/customers").then().statusCode(200)
                .body("orders.orderId", containsInAnyOrder(web.getString("orderId"), pos.getString("orderId")))
                .body("orders.channel", containsInAnyOrder("WEB", "POS"))
                .body("loyaltyPoints", is(36));
    }

    @Test
    void aCardThatPaidForATypedPhoneIsNotRememberedAsThatCustomersCard() {
        String[] s = seeded(5);
        String fingerprint = "fp_" + UUID.randomUUID().toString().substring(0, 12);
        String phone = Shoppers.newMobile();
        Map<String, Object> typed = new HashMap<>(cardCheckout(s[0], s[1], 1));
        typed.put("customer", Map.of("phone", phone));
        JsonPath web = as(Tokens.channel("evil")).body(typed).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(web.getString("payment.paymentIntentId"), web.getString("orderId"), 1200)).then().statusCode(200);
        Events.deliver(chargeSucceeded(web.getString("payment.paymentIntentId"), fingerprint, false)).then().statusCode(200);

        // the same card at a till later: a stranger's card, so the sale joins nobody
        Map<String, Object> till = new HashMap<>(Map.of("channel", "POS", "lines", List.of(Map.of("sku", s[0], "quantity", 1)),
                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", s[1]), "payment", Map.of("method", "CARD")));
        JsonPath pos = as(Tokens.staff(s[1])).body(till).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(pos.getString("payment.paymentIntentId"), pos.getString("orderId"), 1200)).then().statusCode(200);
        Events.deliver(chargeSucceeded(pos.getString("payment.paymentIntentId"), fingerprint, true)).then().statusCode(200);
        as(Tokens.admin()).get("/orders/{id}", pos.getString("orderId")).then().body("customerId", nullValue());
    }
}
