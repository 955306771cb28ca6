package dev.unifiedcommerce.console;

import dev.unifiedcommerce.customer.Contact;
import dev.unifiedcommerce.inventory.InsufficientStock;
import dev.unifiedcommerce.order.Checkout;
import dev.unifiedcommerce.order.Order;
import dev.unifiedcommerce.platform.transaction.Writes;
import dev.unifiedcommerce.reports.dynamo.LocalStreamPoller;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.unifiedcommerce.support.Api.as;
import static dev.unifiedcommerce.support.Api.cardCheckout;
import static dev.unifiedcommerce.support.Api.product;
import static dev.unifiedcommerce.support.Api.stock;
import static dev.unifiedcommerce.support.Api.store;
import static dev.unifiedcommerce.support.Api.uid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day in the store, in real Chromium, by a store associate on the console: find stock, hand over a pickup, find a
 * shopper by the phone number as they say it, refund their online order at this till with the goods back on this
 * store's shelf, register a card reader, sell the last unit at the till while the web shop sells it too (one of them
 * gets it; the other is told plainly), and the admin sees the day's sales by store and channel. Each step is a
 * screenshot under target/console-shots/ and passes axe-core with no serious or critical violation.
 */
@QuarkusTest
class ADayInTheStoreTest {
    @Inject Checkout checkout;
    @Inject LocalStreamPoller stream;
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() { stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET); }

    @Test
    void aDayInTheStore() throws Exception {
        String here = uid("store"), there = uid("store"), tee = uid("TEE"), last = uid("LAST");
        String mobile = Phones.unique("+8190"), phone = "+81 90-" + mobile.substring(5, 9) + "-" + mobile.substring(9); // typed as people say it
        store(here);
        store(there);
        product(tee, 1200, "usd");
        product(last, 3000, "usd");
        stock(tee, here, 5);
        stock(tee, there, 4);
        stock(last, here, 1);
        as(Tokens.admin()).post("/terminal/locations/{id}", here).then().statusCode(200); // the admin set the store up for card readers
        String pickup = paidOnline(tee, here, 1, phone);    // picked up here today
        String bought = paidOnline(tee, there, 2, phone);   // picked up at the other store, brought back here
        // an order of this store that Stripe says another payment paid: a payment issue for the store to see
        String odd = as(Tokens.channel()).body(cardCheckout(tee, here, 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        Events.deliver(Events.paymentIntentSucceeded("pi_" + uid("other").replace("-", ""), odd, 5)).then().statusCode(200);

        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port)) {
            b.find("role");
            b.type("store", here);
            b.shot("01-sign-in");
            assertThat(b.accessibilityViolations()).isEmpty();
            b.signIn("staff", here);
            assertThat(b.find("who").getText()).contains(here);

            // find stock: the SKU in every store, as the API counts it
            b.screen("stock");
            b.type("sku", tee);
            b.press("#stock-form button[type=submit]");
            String row = b.rowWith("stock-table", here).getText();
            JsonPath levels = as(Tokens.staff(here)).get("/inventory/{sku}", tee).then().statusCode(200).extract().jsonPath();
            assertThat(row).isEqualTo(here + " " + levels.getInt("locations.find { it.locationId == '" + here + "' }.available") + " "
                    + levels.getInt("locations.find { it.locationId == '" + here + "' }.reserved") + " "
                    + levels.getInt("locations.find { it.locationId == '" + here + "' }.onHand") + " Yes");
            assertThat(b.rows("stock-table")).anyMatch(r -> r.startsWith(there + " "));
            b.shot("02-stock");
            assertThat(b.accessibilityViolations()).isEmpty();

            // hand over a pickup: prepared, then handed to the shopper
            b.screen("pickups");
            b.rowWith("to-prepare", pickup).findElement(By.tagName("button")).click();
            b.rowWith("ready", pickup);
            b.shot("03-pickup-ready");
            assertThat(b.accessibilityViolations()).isEmpty();
            b.rowWith("ready", pickup).findElement(By.tagName("button")).click();
            b.waitForText("status", pickup + " handed over");
            assertThat(b.rows("ready")).noneMatch(r -> r.contains(pickup));
            assertThat(as(Tokens.admin()).get("/orders/{id}", pickup).then().extract().<String>path("fulfilment.status")).isEqualTo("FULFILLED");

            // the shopper comes back with the other order: found by their phone as they say it (national format)
            b.screen("customer");
            b.type("customer-q", "0" + phone.substring(4));
            b.press("#customer-form button[type=submit]");
            b.wait.until(d -> b.find("customer-profile").isDisplayed());
            assertThat(b.find("customer-profile").getText()).contains(pickup, bought);
            b.shot("04-customer");
            assertThat(b.accessibilityViolations()).isEmpty();

            // refund one of the two at this till, back on this store's shelf
            long onHandBefore = onHand(tee, here);
            b.find("customer-profile").findElement(By.cssSelector("button[aria-label='Return items of " + bought + "']")).click();
            b.wait.until(d -> b.find("returns-form").isDisplayed());
            b.type("return-qty-0", "1");
            b.type("returns-reason", "too small");
            b.shot("05-return");
            assertThat(b.accessibilityViolations()).isEmpty();
            b.press("#returns-form button[type=submit]");
            assertThat(b.waitForText("returns-result", "back in stock at " + here)).contains("12.00");
            assertThat(onHand(tee, here)).isEqualTo(onHandBefore + 1);
            assertThat(as(Tokens.admin()).get("/orders/{id}", bought).then().extract().<Integer>path("refunded.amount")).isEqualTo(1200);
            // the store's open payment issues, under its returns
            assertThat(b.rowWith("issues", odd).getText()).startsWith("MISMATCH " + odd);

            // register the store's card reader (Stripe's simulated reader in test mode)
            b.screen("readers");
            b.type("reader-code", "simulated-" + uid("wpe"));
            b.type("reader-label", "Front till");
            b.press("#readers-form button[type=submit]");
            b.rowWith("readers", "Front till");
            b.shot("06-reader");
            assertThat(b.accessibilityViolations()).isEmpty();

            // the last unit: the till and the web shop sell it at the same moment; one sale holds it, the other is told
            b.screen("till");
            b.type("till-sku", last);
            b.press("#till-line-form button[type=submit]");
            b.rowWith("cart", last);
            b.wait.until(d -> b.find("till-reader").getText().contains("Front till"));
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<String> web = CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    Checkout.Placement placed = checkout.place("web-shop", new Checkout.Request(Order.Channel.WEB, new Contact(null, "web@example.com", null),
                            List.of(new Checkout.RequestedLine(last, 1)), null, Order.Fulfilment.Type.PICKUP, here, Order.PaymentMethod.CARD, null, null, null),
                            id -> Writes.none());
                    return "HELD " + placed.order().id();
                } catch (InsufficientStock short_) {
                    return "SHORT " + short_.getMessage();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            go.countDown();
            b.press("#till-pay");
            b.wait.until(d -> b.find("till-progress").isDisplayed() || !b.find("till-sku-error").getText().isEmpty());
            String webOutcome = web.get(20, TimeUnit.SECONDS);
            boolean tillWon = b.find("till-progress").isDisplayed();
            assertThat(webOutcome).startsWith(tillWon ? "SHORT" : "HELD"); // never both, never neither
            assertThat(as(Tokens.staff(here)).get("/inventory/{sku}", last).then().extract().<Integer>path("available")).isZero();
            if (tillWon) {
                b.waitForText("till-progress-text", "waiting for the card on Front till");
                b.shot("07-till-last-unit");
                assertThat(b.accessibilityViolations()).isEmpty();
                String pi = as(Tokens.staff(here)).queryParam("locationId", here).get("/terminal/readers").then()
                        .extract().path("readers[0].action.paymentIntentId");
                stripe.simulate(pi, true); // the shopper taps their card
                assertThat(b.waitForText("till-progress-text", "Paid")).contains("30.00");
            } else {
                // said next to what the shopper wanted (the API names the lines)
                assertThat(b.find("till-sku-error").getText()).isEqualTo(last + " just sold out at " + here + ": nothing left to sell.");
                assertThat(b.find("till-sku").getAttribute("aria-invalid")).isEqualTo("true");
                b.shot("07-till-last-unit");
                assertThat(b.accessibilityViolations()).isEmpty();
            }

            // the admin sees the day's sales by store and channel (the report fed by the table's stream)
            stream.pollOnce();
            b.press("#sign-out");
            b.signIn("admin", "");
            b.screen("sales");
            b.type("sales-currency", "usd");
            b.press("#sales-form button[type=submit]");
            int soldHere = tillWon ? 2 : 1; // the pickup, and the last unit if the till sold it
            b.wait.ignoring(StaleElementReferenceException.class).until(d -> b.rowWith("sales-tables", here).getText().startsWith(here + " " + soldHere + " "));
            assertThat(b.find("sales-tables").getText()).contains("By channel");
            b.shot("08-sales");
            assertThat(b.accessibilityViolations()).isEmpty();
        }
    }

    /** A web order paid by card, picked up at {@code store}. */
    private String paidOnline(String sku, String store, int quantity, String phone) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, quantity));
        body.put("customer", Map.of("phone", phone, "name", "Aiko Tanaka"));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        assertThat(stripe.simulate(o.getString("payment.paymentIntentId"), true)).contains("payment_intent.succeeded 200");
        return o.getString("orderId");
    }

    private static long onHand(String sku, String store) {
        return as(Tokens.admin()).get("/inventory/{sku}", sku).then().statusCode(200).extract()
                .<Integer>path("locations.find { it.locationId == '" + store + "' }.onHand");
    }
}
