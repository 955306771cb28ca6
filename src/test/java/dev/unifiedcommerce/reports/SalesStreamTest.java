package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.reports.dynamo.LocalStreamPoller;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table's change stream, read from DynamoDB Local as Lambda's mapping would hand it over, keeps the sales report:
 * each sale on its paid day at its store, each refund on its own day, every transition counted once however often the
 * stream is delivered.
 */
@QuarkusTest
class SalesStreamTest {
    @Inject LocalStreamPoller stream;
    @Inject SalesReportStore report;

    @Test
    void salesAndRefundsCountOnceInTheStoresDayHoweverOftenTheStreamIsDelivered() {
        String sku = uid("REP"), store = uid("rep-store");
        product(sku, 1000, "jpy");
        as(Tokens.admin()).body(Map.of("name", "Store " + store, "type", "STORE", "pickup", true, "timeZone", "Asia/Tokyo",
                        "address", Map.of("line1", "1-1 Ginza", "city", "Tokyo", "postalCode", "104-0061", "country", "JP")))
                .put("/locations/{id}", store).then().statusCode(200);
        stock(sku, store, 10);
        String app = paid("APP", sku, store, 2);
        String web = paid("WEB", sku, store, 1);
        StripeStandInResource.standIn().succeed(as(Tokens.admin()).get("/orders/{id}", web).then().extract().path("payment.paymentIntentId"));
        as(Tokens.staff(store)).body(Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)), "restockLocationId", store))
                .post("/orders/{id}/refunds", web).then().statusCode(201);
        String cancelled = as(Tokens.channel()).body(checkout("WEB", sku, store, 1)).post("/checkouts").then().statusCode(201).extract().path("orderId");
        as(Tokens.channel()).post("/orders/{id}/cancel", cancelled).then().statusCode(200);

        stream.pollOnce();
        Map<String, SalesTotals> first = mine(store);
        stream.replayFromStart(); // every record delivered again, as after a retried batch
        Map<String, SalesTotals> again = mine(store);

        // what the orders themselves say (a recount): APP paid 2 units; WEB paid 1 unit, refunded in full at this store
        JsonPath a = as(Tokens.admin()).get("/orders/{id}", app).then().extract().jsonPath();
        JsonPath w = as(Tokens.admin()).get("/orders/{id}", web).then().extract().jsonPath();
        assertThat(first).isEqualTo(Map.of(
                "APP/CARD", new SalesTotals(1, 2, 2000, 0, 0, a.getLong("total.amount"), 20, 0),
                "WEB/CARD", new SalesTotals(1, 1, 1000, 0, w.getLong("refunded.amount"), w.getLong("total.amount") - w.getLong("refunded.amount"), 10, 0)));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aRecountKeepsWhatTheStreamCountedWhileItRan() {
        String store = uid("recount-race");
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 3);
        SalesTotals recounted = new SalesTotals(2, 3, 3000, 0, 0, 3000, 30, 0), counted = new SalesTotals(1, 1, 1000, 0, 0, 1000, 10, 0);
        // the recount read no line for this day; meanwhile the stream counts a sale on it
        report.count(new SalesChange("SALE#" + uid("o"), "jpy", day, store, "WEB", "CARD", counted));
        report.replace(new SalesReportStore.Line("jpy", day, store, "WEB", "CARD", recounted), null);
        assertThat(report.lines("jpy", day).stream().filter(l -> l.locationId().equals(store)).map(SalesReportStore.Line::totals).toList())
                .containsExactly(recounted.plus(counted));
        // a line that still holds what the recount read is simply set
        var line = report.lines("jpy", day).stream().filter(l -> l.locationId().equals(store)).findFirst().orElseThrow();
        report.replace(new SalesReportStore.Line("jpy", day, store, "WEB", "CARD", recounted), line);
        assertThat(report.lines("jpy", day).stream().filter(l -> l.locationId().equals(store)).map(SalesReportStore.Line::totals).toList())
                .containsExactly(recounted);
    }

    String paid(String channel, String sku, String store, int quantity) {
        JsonPath o = as(Tokens.channel()).body(checkout(channel, sku, store, quantity)).post("/checkouts").then().statusCode(201).extract().jsonPath();
        Events.deliver(Events.paymentIntentSucceeded(o.getString("payment.paymentIntentId"), o.getString("orderId"), 1000L * quantity, "jpy"))
                .then().statusCode(200);
        return o.getString("orderId");
    }

    static Map<String, Object> checkout(String channel, String sku, String store, int quantity) {
        Map<String, Object> body = new HashMap<>(cardCheckout(sku, store, quantity));
        body.put("channel", channel);
        return body;
    }

    /** Today's lines (the store's zone) of this store, by channel and payment method. */
    Map<String, SalesTotals> mine(String store) {
        return report.lines("jpy", LocalDate.now(ZoneId.of("Asia/Tokyo"))).stream().filter(l -> l.locationId().equals(store))
                .collect(Collectors.toMap(l -> l.channel() + "/" + l.paymentMethod(), SalesReportStore.Line::totals));
    }
}
