package dev.unifiedcommerce.console;

import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.TestClock;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.as;
import static dev.unifiedcommerce.support.Api.line;
import static dev.unifiedcommerce.support.Api.seeded;
import static dev.unifiedcommerce.support.Api.uid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's screens one behaviour at a time, in real Chromium (see {@link ConsoleBrowser}). */
@QuarkusTest
class ConsoleBrowserTest {
    final StripeStandIn stripe = StripeStandInResource.standIn();

    @BeforeEach
    void pointTheStandInAtUs() { stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET); }

    @Test
    void anUnknownSkuIsSaidInPlainWordsNextToItsField() throws IOException {
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port)) {
            b.signIn("admin", "");
            b.type("sku", "NO-SUCH-SKU");
            b.press("#stock-form button[type=submit]");
            assertThat(b.waitForText("sku-error", "NO-SUCH-SKU")).doesNotContain("{");
            assertThat(b.find("sku").getAttribute("aria-invalid")).isEqualTo("true");
            b.shot("10-unknown-sku");
        }
    }

    @Test
    void aStoreThatDoesNotExistIsSaidAtSignIn() throws IOException {
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port)) {
            b.type("store", "store-nowhere");
            b.press("#sign-in-form button[type=submit]");
            assertThat(b.waitForText("store-error", "store-nowhere")).isEqualTo("There is no store 'store-nowhere'.");
            assertThat(b.find("nav").isDisplayed()).isFalse();
        }
    }

    @Test
    void theShopperWalksAwayAndTheReaderStopsAskingAndTheUnitIsForSaleAgain() throws IOException {
        String[] s = seeded(3);
        reader(s[1]);
        try (ConsoleBrowser b = till(s)) {
            b.press("#till-pay");
            b.waitForText("till-progress-text", "waiting for the card");
            assertThat(available(s)).isEqualTo(2);
            // while the reader asks, the sale cannot be changed or paid a second time
            assertThat(b.find("till-pay").isEnabled()).isFalse();
            assertThat(b.find("till-sku").isEnabled()).isFalse();
            b.press("#till-cancel");
            assertThat(b.waitForText("till-progress-text", "Cancelled")).contains("nothing was charged");
            assertThat(available(s)).isEqualTo(3);
            assertThat(as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then()
                    .extract().<String>path("readers[0].action.state")).isNotEqualTo("IN_PROGRESS");
            b.shot("11-till-cancelled");
        }
    }

    @Test
    void aPaymentLinkIsTextedAndTheSaleCompletesWhenTheShopperPays() throws IOException {
        String[] s = seeded(3);
        try (ConsoleBrowser b = till(s)) {
            b.press("#till-form input[value=LINK]");
            b.type("till-sms", "+81 90-5555-0101");
            b.press("#till-pay");
            String text = b.waitForText("till-progress-text", "link sent to");
            assertThat(text).contains("+81 90-5555-0101", "12.00");
            String order = as(Tokens.staff(s[1])).queryParam("fulfilment", "NONE").get("/locations/{loc}/orders", s[1]).then()
                    .extract().path("items[0].orderId");
            String session = as(Tokens.admin()).get("/orders/{id}", order).then().extract().path("payment.checkoutSessionId");
            stripe.simulate(session, true);
            assertThat(b.waitForText("till-progress-text", "Paid")).contains(order);
            b.shot("12-till-link-paid");
        }
    }

    @Test
    void aHoldMadeOnlineIsTakenOverAndPaidOnTheReader() throws IOException {
        String[] s = seeded(3);
        reader(s[1]);
        String hold = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 2)), "ttlSeconds", 3600)).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port)) {
            b.signIn("staff", s[1]).screen("till");
            b.wait.until(d -> b.find("till-reader").getText().contains("Till"));
            b.type("till-hold", hold);
            b.press("#till-pay");
            b.waitForText("till-progress-text", "waiting for the card");
            String pi = as(Tokens.staff(s[1])).queryParam("locationId", s[1]).get("/terminal/readers").then().extract().path("readers[0].action.paymentIntentId");
            stripe.simulate(pi, true);
            assertThat(b.waitForText("till-progress-text", "Paid")).contains("24.00");
            String order = b.find("till-progress-text").getText().replaceAll(".*\\((ord_[^)]+)\\).*", "$1");
            // carried out of the store: handed over at the till, never waiting in the store's queue
            b.wait.until(d -> "FULFILLED".equals(as(Tokens.admin()).get("/orders/{id}", order).then().extract().path("fulfilment.status")));
        }
        assertThat(as(Tokens.channel()).get("/reservations/{id}", hold).then().extract().<String>path("status")).isEqualTo("COMMITTED");
        assertThat(available(s)).isEqualTo(1);
    }

    @Test
    void aSaleWhoseAnswerWasLostCannotChangeAndIsTakenAgainAsTheSameSale() throws IOException {
        String[] s = seeded(3);
        reader(s[1]);
        // Stripe makes the PaymentIntent, then its answer is lost: the API cannot say whether the sale started (503)
        stripe.actThenLoseAnswer("/v1/payment_intents", 1, StripeStandIn.LostAnswer.SERVER_ERROR, 0);
        try (ConsoleBrowser b = till(s)) {
            b.press("#till-pay");
            b.wait.until(d -> b.find("till-pay").getText().equals("Take the same payment again"));
            assertThat(b.find("till-form").getText()).contains("never charged twice");
            // nothing of the sale may change now: another line, another reader, a hold, a removed line
            assertThat(b.find("till-sku").isEnabled()).isFalse();
            assertThat(b.find("till-reader").isEnabled()).isFalse();
            assertThat(b.find("till-hold").isEnabled()).isFalse();
            assertThat(b.find("cart").findElement(By.tagName("button")).isEnabled()).isFalse();
            b.shot("15-till-answer-lost");
            // Stripe answers the same key with the same lost answer, so the FollowUps function reads the intent back
            // (a few minutes later); then the same sale, taken again, is the one order with its one intent
            TestClock.advance(java.time.Duration.ofMinutes(3));
            given().contentType("application/json").body(java.nio.file.Files.readString(java.nio.file.Path.of("infra/follow-ups-event.json")))
                    .post("/_lambda_").then().statusCode(200);
            b.press("#till-pay");
            b.waitForText("till-progress-text", "waiting for the card");
        } finally {
            TestClock.reset();
        }
        // one order, one PaymentIntent, one unit held
        List<String> orders = as(Tokens.staff(s[1])).queryParam("fulfilment", "NONE").get("/locations/{loc}/orders", s[1]).then()
                .extract().path("items.orderId");
        assertThat(orders).hasSize(1);
        assertThat(stripe.paymentIntentsFor(orders.getFirst())).isEqualTo(1);
        assertThat(available(s)).isEqualTo(2);
    }

    @Test
    void aHoldIsPaidAsItWasMadeSoLinesBesideItAreRefusedAndNothingIsHeld() throws IOException {
        String[] s = seeded(3);
        reader(s[1]);
        String hold = as(Tokens.channel()).body(Map.of("lines", List.of(line(s[0], s[1], 1)), "ttlSeconds", 3600)).post("/reservations")
                .then().statusCode(201).extract().path("reservationId");
        try (ConsoleBrowser b = till(s)) {
            b.type("till-hold", hold);
            b.find("till-phone").click(); // leaving the field shows the hold
            assertThat(b.waitForText("cart-from", "Hold " + hold)).contains("1 × " + s[0] + " at " + s[1]);
            b.press("#till-pay");
            assertThat(b.waitForText("till-hold-error", "paid as it was made")).contains("remove the lines");
            assertThat(available(s)).isEqualTo(2); // only the hold itself
        }
    }

    @Test
    void aVisitsHeldItemsAreSoldAtTheTillAndTheVisitIsCompleted() throws IOException {
        String[] v = dev.unifiedcommerce.visit.VisitTillSaleTest.arrivedVisit();
        reader(v[2]);
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port)) {
            b.signIn("staff", v[2]).screen("till");
            b.wait.until(d -> b.find("till-reader").getText().contains("Till"));
            b.type("till-hold", v[3]);
            b.find("till-phone").click();
            b.rowWith("cart", v[0]);
            b.rowWith("cart", v[1]);
            // the shopper takes one of the two: the other is removed from the sale
            b.rowWith("cart", v[1]).findElement(org.openqa.selenium.By.tagName("button")).click();
            b.press("#till-pay");
            b.waitForText("till-progress-text", "waiting for the card");
            String pi = as(Tokens.staff(v[2])).queryParam("locationId", v[2]).get("/terminal/readers").then().extract().path("readers[0].action.paymentIntentId");
            stripe.simulate(pi, true);
            b.waitForText("till-progress-text", "Paid");
            b.shot("14-till-visit-paid");
        }
        as(Tokens.staff(v[2])).get("/visits/{id}", v[3]).then().statusCode(200).body("status", org.hamcrest.Matchers.is("COMPLETED"));
    }

    @Test
    void aPhoneTheTillCannotReadIsSaidNextToThePhoneField() throws IOException {
        String[] s = seeded(3);
        reader(s[1]);
        try (ConsoleBrowser b = till(s)) {
            b.type("till-phone", "12");
            b.press("#till-pay");
            b.wait.until(d -> !b.find("till-phone-error").getText().isEmpty());
            assertThat(b.find("till-phone").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(b.find("till-progress").isDisplayed()).isFalse();
            assertThat(available(s)).isEqualTo(3);
            b.shot("13-till-bad-phone");
        }
    }

    /** Signed in as the store's staff at the till, one unit of the SKU in the sale. */
    private static ConsoleBrowser till(String[] s) throws IOException {
        ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port);
        b.signIn("staff", s[1]).screen("till");
        b.type("till-sku", s[0]);
        b.press("#till-line-form button[type=submit]");
        b.rowWith("cart", s[0]);
        b.wait.until(d -> !b.find("till-reader").findElements(By.tagName("option")).isEmpty()); // the store's readers are listed
        return b;
    }

    private static void reader(String store) {
        as(Tokens.admin()).post("/terminal/locations/{id}", store).then().statusCode(200);
        as(Tokens.staff(store)).body(Map.of("registrationCode", "simulated-" + uid("wpe"), "label", "Till", "locationId", store))
                .post("/terminal/readers").then().statusCode(201);
    }

    private static int available(String[] s) {
        return as(Tokens.admin()).get("/inventory/{sku}", s[0]).then().extract().<Integer>path("locations.find { it.locationId == '" + s[1] + "' }.available");
    }
}
