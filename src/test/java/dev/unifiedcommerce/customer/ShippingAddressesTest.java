package dev.unifiedcommerce.customer;

import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Shoppers;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** A SHIP order carries where it goes; the customer keeps the address and never types it again. */
@QuarkusTest
class ShippingAddressesTest {
    static final Map<String, Object> HOME = Map.of("name", "Aiko Tanaka", "line1", "1-2-3 Jingumae", "line2", "Apt 4", "city", "Tokyo",
            "postalCode", "150-0001", "country", "JP", "phone", "090-1234-5678");

    static Map<String, Object> shipped(String sku, String warehouse, Map<String, Object> customer) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, warehouse, 1));
        body.put("fulfilment", Map.of("type", "SHIP"));
        body.put("customer", customer);
        return body;
    }

    @Test
    void aShippedOrderCarriesItsAddressToStripeAndTheCustomerKeepsIt() {
        String[] s = seeded(5);
        String phone = Shoppers.newMobile(), shopper = uid("acct");
        Shoppers.bind(Tokens.channel(), phone, shopper);
        Map<String, Object> body = shipped(s[0], s[1], Map.of("shopperRef", shopper));
        body.put("shipTo", HOME);
        var o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        as(Tokens.admin()).get("/orders/{id}", o.getString("orderId")).then().body("shipTo.name", is("Aiko Tanaka"))
                .body("shipTo.phone", is("+819012345678")).body("shipTo.country", is("JP"));
        var pi = StripeStandInResource.standIn().requests().stream().filter(r -> r.path().equals("/v1/payment_intents")).toList().getLast();
        assertThat(pi.params()).containsEntry("shipping[name]", "Aiko Tanaka").containsEntry("shipping[address][line1]", "1-2-3 Jingumae")
                .containsEntry("shipping[address][country]", "JP");
        as(Tokens.staff(s[1])).queryParam("phone", phone).get("/customers").then().body("addresses", hasSize(1))
                .body("addresses[0].address.postalCode", is("150-0001"));
        // the same place typed again (other case and spacing) is one address
        Map<String, Object> again = new HashMap<>(HOME);
        again.put("name", "AIKO  tanaka");
        body.put("shipTo", again);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201);
        as(Tokens.staff(s[1])).queryParam("phone", phone).get("/customers").then().body("addresses", hasSize(1));
    }

    @Test
    void theAddressOnFileIsUsedOnlyForAVouchedCustomer() {
        String[] s = seeded(5);
        String phone = Shoppers.newMobile(), shopper = uid("acct");
        String customerId = Shoppers.bind(Tokens.channel(), phone, shopper);
        Map<String, Object> first = shipped(s[0], s[1], Map.of("shopperRef", shopper));
        first.put("shipTo", HOME);
        as(Tokens.channel()).body(first).post("/checkouts").then().statusCode(201).body("customerId", is(customerId));

        Map<String, Object> onFile = shipped(s[0], s[1], Map.of("customerId", customerId));
        onFile.put("shipToAddressOnFile", true);
        String orderId = as(Tokens.channel()).body(onFile).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.admin()).get("/orders/{id}", orderId).then().body("shipTo.line1", is("1-2-3 Jingumae"));

        Map<String, Object> byPhone = shipped(s[0], s[1], Map.of("phone", phone));
        byPhone.put("shipToAddressOnFile", true);
        as(Tokens.channel()).body(byPhone).post("/checkouts").then().statusCode(422).body("field", is("shipToAddressOnFile"))
                .body("reason", is("CUSTOMER_REQUIRED"));
    }

    @Test
    void anAddressIsOnlyForShippingAndItsPartsAreChecked() {
        String[] s = seeded(5);
        Map<String, Object> pickup = new HashMap<>(cardCheckout(s[0], s[1], 1));
        pickup.put("shipTo", HOME);
        as(Tokens.channel()).body(pickup).post("/checkouts").then().statusCode(400).body("field", is("shipTo"));
        Map<String, Object> bad = new HashMap<>(HOME);
        bad.put("country", "Japan");
        Map<String, Object> body = shipped(s[0], s[1], Map.of("phone", "+81 90-1234-5678"));
        body.put("shipTo", bad);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(400).body("field", containsString("country"));
        Map<String, Object> noLine = new HashMap<>(HOME);
        noLine.remove("line1");
        body.put("shipTo", noLine);
        as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(400).body("field", containsString("line1"));
    }
}
