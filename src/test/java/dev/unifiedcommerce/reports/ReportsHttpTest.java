package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.reports.dynamo.LocalStreamPoller;
import dev.unifiedcommerce.reports.http.ReportsResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.*;

/** Today's sales by store and channel, for admins and for staff of their own stores, as JSON or CSV. */
@QuarkusTest
class ReportsHttpTest {
    @Inject LocalStreamPoller stream;

    static String tokyoStore() {
        String store = uid("rep-tokyo");
        as(Tokens.admin()).body(Map.of("name", "Store " + store, "type", "STORE", "pickup", true, "timeZone", "Asia/Tokyo",
                        "address", Map.of("line1", "1-1 Ginza", "city", "Tokyo", "postalCode", "104-0061", "country", "JP")))
                .put("/locations/{id}", store).then().statusCode(200);
        return store;
    }

    static void sell(String channel, String sku, String store, int quantity, long amount, String currency) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, quantity));
        body.put("channel", channel);
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), amount * quantity, currency))
                .then().statusCode(200);
    }

    @Test
    void todaysSalesByStoreAndChannelForAdminsAndTheStoresOwnStaffAsJsonOrCsv() {
        String store = tokyoStore(), sku = uid("REP");
        product(sku, 3000, "jpy");
        stock(sku, store, 10);
        sell("APP", sku, store, 2, 3000, "jpy");
        sell("SMS", sku, store, 1, 3000, "jpy");
        String[] usd = seeded(5); // a sale in dollars the same day: a range holding two currencies
        sell("WEB", usd[0], usd[1], 1, 1200, "usd");
        stream.pollOnce();

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String from = today.minusDays(1).toString(), to = today.plusDays(1).toString();
        as(Tokens.admin()).queryParam("from", from).queryParam("to", to).queryParam("groupBy", "store").queryParam("currency", "jpy")
                .get("/reports/sales").then().statusCode(200).body("currency", is("jpy"))
                .body("rows.find { it.locationId == '" + store + "' }.orders", is(2)).body("rows.find { it.locationId == '" + store + "' }.units", is(3))
                .body("rows.find { it.locationId == '" + store + "' }.gross", is(9000)).body("rows.find { it.locationId == '" + store + "' }.net", is(9000));
        // staff of the store see it, by channel; another store's staff do not
        JsonPath byChannel = as(Tokens.staff(store)).queryParam("from", from).queryParam("to", to).queryParam("groupBy", "channel")
                .queryParam("currency", "jpy").get("/reports/sales").then().statusCode(200).extract().jsonPath();
        assertThat(byChannel.getMap("rows.find { it.channel == 'APP' }")).containsEntry("orders", 1).containsEntry("units", 2);
        assertThat(byChannel.getMap("rows.find { it.channel == 'SMS' }")).containsEntry("orders", 1).containsEntry("gross", 3000);
        as(Tokens.staff(uid("other"))).queryParam("from", from).queryParam("to", to).queryParam("groupBy", "store").queryParam("currency", "jpy")
                .get("/reports/sales").then().statusCode(200).body("rows.locationId", not(hasItem(store)));
        // as CSV
        String csv = as(Tokens.admin()).accept("text/csv").queryParam("from", from).queryParam("to", to).queryParam("groupBy", "store")
                .queryParam("currency", "jpy").get("/reports/sales").then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).startsWith("store,currency,orders,units,gross").contains(store + ",jpy,2,3,9000,0,0,9000");
        // the refusals name their field
        as(Tokens.admin()).queryParam("from", from).queryParam("to", to).get("/reports/sales").then().statusCode(400).body("field", is("currency"));
        as(Tokens.admin()).queryParam("from", to).queryParam("to", from).queryParam("currency", "jpy").get("/reports/sales").then().statusCode(400)
                .body("field", is("to"));
        as(Tokens.admin()).queryParam("from", from).queryParam("to", to).queryParam("groupBy", "hour").queryParam("currency", "jpy")
                .get("/reports/sales").then().statusCode(400).body("field", is("groupBy"));
        as(Tokens.channel()).queryParam("from", from).queryParam("to", to).queryParam("currency", "jpy").get("/reports/sales").then().statusCode(403);
    }

    @Test
    void lowStockListsWhatRunsOutWithinTheGivenDaysAtTheLastWeeksRate() {
        String store = tokyoStore(), selling = uid("LOW"), idle = uid("IDLE");
        product(selling, 500, "jpy");
        product(idle, 500, "jpy");
        stock(selling, store, 10);
        stock(idle, store, 1);
        sell("APP", selling, store, 7, 500, "jpy"); // 7 sold this week: one a day, 3 left
        stream.pollOnce();

        JsonPath low = as(Tokens.staff(store)).queryParam("locationId", store).queryParam("belowDaysOfCover", "5").get("/reports/stock")
                .then().statusCode(200).extract().jsonPath();
        assertThat(low.getList("rows.sku")).containsExactly(selling); // the idle SKU sold nothing: it is not running out
        assertThat(low.getMap("rows[0]")).containsEntry("soldLast7Days", 7).containsEntry("available", 3).containsEntry("daysOfCover", 3.0f);
        int onHand = low.getInt("rows[0].onHand"); // a paid pickup's units stay on hand until handed over
        as(Tokens.staff(store)).queryParam("locationId", store).queryParam("belowDaysOfCover", "3").get("/reports/stock")
                .then().statusCode(200).body("rows", org.hamcrest.Matchers.empty());
        // every SKU of the store without the threshold, as CSV too
        String csv = as(Tokens.admin()).accept("text/csv").queryParam("locationId", store).get("/reports/stock").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertThat(csv).startsWith("locationId,sku,soldLast7Days,onHand,available,daysOfCover\n")
                .contains(store + "," + selling + ",7," + onHand + ",3,3.0\n").contains(store + "," + idle + ",0,1,1,\n");
        // staff see their own stores only; a threshold must be a positive number of days
        as(Tokens.staff(uid("other"))).queryParam("locationId", store).get("/reports/stock").then().statusCode(403);
        as(Tokens.staff(store)).get("/reports/stock").then().statusCode(200).body("rows.locationId", everyItem(is(store)));
        as(Tokens.admin()).queryParam("locationId", store).queryParam("belowDaysOfCover", "soon").get("/reports/stock").then().statusCode(400)
                .body("field", is("belowDaysOfCover"));
        as(Tokens.admin()).queryParam("locationId", store).queryParam("belowDaysOfCover", "-1").get("/reports/stock").then().statusCode(400)
                .body("field", is("belowDaysOfCover"));
        as(Tokens.channel()).queryParam("locationId", store).get("/reports/stock").then().statusCode(403);
    }

    @Test
    void csvIsGivenOnlyWhenAskedForAndItsFieldsCannotBreakOutOrBecomeFormulas() {
        assertThat(ReportsResource.wantsCsv("text/csv")).isTrue();
        assertThat(ReportsResource.wantsCsv("text/csv;q=0, application/json")).isFalse();
        assertThat(ReportsResource.wantsCsv("application/json, text/csv;q=0.5")).isFalse();
        assertThat(ReportsResource.wantsCsv("*/*")).isFalse();
        assertThat(ReportsResource.csvField("=SUM(A1)")).isEqualTo("'=SUM(A1)");
        assertThat(ReportsResource.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportsResource.csvField("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(ReportsResource.csvField("\tcmd")).isEqualTo("'\tcmd");
    }
}
