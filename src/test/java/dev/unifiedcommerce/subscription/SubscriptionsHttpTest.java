package dev.unifiedcommerce.subscription;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Shoppers;
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

/** A customer subscribes to a blend delivered every month: Stripe bills it, the first invoice confirmed by the shop's form. */
@QuarkusTest
public class SubscriptionsHttpTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();
    static final Map<String, Object> HOME = Map.of("name", "Aiko Tanaka", "line1", "1-2-3 Jingumae", "city", "Tokyo", "postalCode", "150-0001",
            "country", "JP", "phone", "090-1234-5678");

    /** A blend sold by subscription (every WEEK or MONTH, 1600 jpy) and a warehouse: {sku, warehouse}. */
    public static String[] blend() {
        String sku = uid("BLEND"), wh = uid("wh");
        as(Tokens.admin()).body(Map.of("name", "House blend", "price", Map.of("amount", 1800, "currency", "jpy"), "active", true,
                        "subscription", Map.of("intervals", List.of("WEEK", "MONTH"), "price", Map.of("amount", 1600, "currency", "jpy"))))
                .put("/products/{sku}", sku).then().statusCode(200);
        store(wh);
        stock(sku, wh, 10);
        return new String[]{sku, wh};
    }

    public static Map<String, Object> monthly(String[] b, Map<String, Object> customer) {
        Map<String, Object> body = new HashMap<>(Map.of("customer", customer, "lines", List.of(Map.of("sku", b[0], "quantity", 2)), "interval", "MONTH",
                "fulfilmentLocationId", b[1], "payment", Map.of("method", "CARD")));
        body.put("shipTo", HOME);
        return body;
    }

    long requestsTo(String path) { return stripe.requests().stream().filter(r -> r.path().equals(path)).count(); }

    @Test
    void aCardSubscriptionStartsIncompleteWithTheFirstInvoicesSecretAndBillsTheDiscountedPrice() {
        String[] b = blend();
        String phone = Phones.unique("+8170");
        JsonPath s = as(Tokens.channel()).header("Idempotency-Key", uid("k")).body(monthly(b, Map.of("phone", phone, "name", "Aiko"))).post("/subscriptions")
                .then().statusCode(201).body("subscriptionId", startsWith("sbn_")).body("status", is("INCOMPLETE"))
                .body("stripeSubscriptionId", startsWith("sub_")).body("payment.clientSecret", containsString("_secret_"))
                .body("amountPerDelivery.amount", is(3200)).body("shipTo.line1", is("1-2-3 Jingumae")).extract().jsonPath();
        var sub = stripe.object(s.getString("stripeSubscriptionId")).orElseThrow();
        assertThat(sub.get("metadata").get("subscriptionId").asText()).isEqualTo(s.getString("subscriptionId"));
        var invoice = stripe.object(sub.get("latest_invoice").asText()).orElseThrow();
        assertThat(invoice.get("amount_due").asLong()).isEqualTo(3200);
        var price = sub.get("items").get("data").get(0).get("price");
        assertThat(price.get("unit_amount").asLong()).isEqualTo(1600);
        assertThat(price.get("recurring").get("interval").asText()).isEqualTo("month");
        as(Tokens.staff(b[1])).queryParam("phone", phone).get("/customers").then()
                .body("subscriptions.subscriptionId", hasItem(s.getString("subscriptionId")))
                .body("addresses", empty()); // typed beside a phone nobody proved, the address stays on the subscription
        as(Tokens.channel()).get("/subscriptions/{id}", s.getString("subscriptionId")).then().statusCode(200).body("status", is("INCOMPLETE"));
        as(Tokens.channel("another-shop")).get("/subscriptions/{id}", s.getString("subscriptionId")).then().statusCode(404);
    }

    @Test
    void theStripeCustomerAndPriceAreMadeOnceAndRemembered() {
        String[] b = blend();
        String phone = Phones.unique("+8170");
        long customers = requestsTo("/v1/customers"), prices = requestsTo("/v1/prices");
        String customerId = Shoppers.bind(Tokens.channel(), phone, uid("acct"));
        as(Tokens.channel()).body(monthly(b, Map.of("customerId", customerId))).post("/subscriptions").then().statusCode(201)
                .body("customerId", is(customerId));
        Map<String, Object> again = monthly(b, Map.of("customerId", customerId));
        again.remove("shipTo");
        again.put("shipToAddressOnFile", true);
        as(Tokens.channel()).body(again).post("/subscriptions").then().statusCode(201).body("shipTo.line1", is("1-2-3 Jingumae"));
        assertThat(requestsTo("/v1/customers") - customers).isEqualTo(1);
        assertThat(requestsTo("/v1/prices") - prices).isEqualTo(1);
        assertThat(stripe.requests()).filteredOn(r -> r.path().startsWith("/v1/") && r.method().equals("POST")
                && List.of("/v1/customers", "/v1/prices", "/v1/subscriptions").contains(r.path())).allMatch(r -> r.idempotencyKey() != null);
    }

    @Test
    void aRetryWithTheSameKeyIsTheSameSubscription() {
        String[] b = blend();
        String key = uid("k");
        Map<String, Object> body = monthly(b, Map.of("phone", Phones.unique("+8170")));
        String first = as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/subscriptions").then().statusCode(201).extract().path("subscriptionId");
        long subs = requestsTo("/v1/subscriptions");
        as(Tokens.channel()).header("Idempotency-Key", key).body(body).post("/subscriptions").then().statusCode(201).body("subscriptionId", is(first));
        assertThat(requestsTo("/v1/subscriptions")).isEqualTo(subs);
    }

    @Test
    void aProductNotSoldBySubscriptionOrAtAnotherIntervalIsRefused() {
        String[] b = blend();
        String[] plain = seeded(5);
        Map<String, Object> body = monthly(b, Map.of("phone", "+81 90-1234-5678"));
        body.put("lines", List.of(Map.of("sku", plain[0], "quantity", 1)));
        as(Tokens.channel()).body(body).post("/subscriptions").then().statusCode(422).body("field", is("lines[0].sku"));
        Map<String, Object> yearly = monthly(b, Map.of("phone", "+81 90-1234-5678"));
        yearly.put("interval", "YEAR");
        as(Tokens.channel()).body(yearly).post("/subscriptions").then().statusCode(422).body("field", is("interval"));
        Map<String, Object> nowhere = monthly(b, Map.of("phone", "+81 90-1234-5678"));
        nowhere.remove("shipTo");
        as(Tokens.channel()).body(nowhere).post("/subscriptions").then().statusCode(400).body("field", is("shipTo"));
    }
}
