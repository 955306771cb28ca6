package dev.unifiedcommerce.reports;

import dev.unifiedcommerce.reports.dynamo.LocalStreamPoller;
import dev.unifiedcommerce.reports.dynamo.SalesRecount;
import dev.unifiedcommerce.reports.dynamo.SalesStream;
import dev.unifiedcommerce.reports.dynamo.StreamEvents;
import dev.unifiedcommerce.stripestandin.StripeStandIn;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A randomised day in two stores (Tokyo and New York) and a warehouse: checkouts in every channel and payment method,
 * payments, cancels, link expiries, partial and full refunds (restocked at another store, given back outside in
 * Stripe's Dashboard, failed later at Stripe), all through HTTP. Its stream records are then delivered as Lambda would
 * on a bad day — in batches of any size, each cut short and retried from a record, then delivered again whole — and
 * the report equals a recount from the orders, row by row; the recount route repairs a damaged line.
 */
@QuarkusTest
class SalesDayTest {
    private static final Logger LOG = Logger.getLogger(SalesDayTest.class);
    private static final List<String> ONLINE = List.of("WEB", "APP", "SOCIAL", "SMS", "CHAT");

    @Inject LocalStreamPoller poller;
    @Inject SalesStream stream;
    @Inject SalesRecount recount;
    @Inject SalesReportStore report;

    final StripeStandIn stripe = StripeStandInResource.standIn();

    @AfterEach
    void quiet() { stripe.sendEventsTo(null, null); }

    record Store(String id, String zone, String sku, String currency, long price, String reader) {}

    @Test
    void aRandomDayDeliveredTwiceAndInRetriedBatchesReportsWhatARecountOfTheOrdersSays() throws Exception {
        long seed = System.nanoTime();
        LOG.infof("sales day seed %d", seed);
        Random random = new Random(seed);
        stripe.sendEventsTo("http://localhost:" + RestAssured.port + "/webhooks/stripe", Events.SECRET);

        Store tokyo = store("Asia/Tokyo", "jpy", 1500, "JP");
        Store newYork = store("America/New_York", "usd", 1200, "US");
        List<Store> stores = List.of(tokyo, newYork);
        Set<String> orders = new HashSet<>();
        List<String> paid = new ArrayList<>();

        for (int i = 0; i < 24; i++) {
            Store at = stores.get(random.nextInt(stores.size()));
            int quantity = 1 + random.nextInt(2);
            // the first sales cover every channel and method once; the rest are drawn
            int kind = i < 6 ? (i == 0 ? 0 : i % 2 == 0 ? 8 : 4) : random.nextInt(10);
            if (kind < 2) {
                // at the till: the store's reader takes the card, or the shopper walks away
                JsonPath sale = as(Tokens.staff(at.id())).body(Map.of("channel", "POS", "lines", List.of(Map.of("sku", at.sku(), "quantity", quantity)),
                                "fulfilment", Map.of("type", "CARRY_OUT", "locationId", at.id()), "payment", Map.of("method", "TERMINAL", "readerId", at.reader())))
                        .post("/checkouts").then().statusCode(201).extract().jsonPath();
                orders.add(sale.getString("orderId"));
                if (i == 0 || random.nextInt(4) > 0) {
                    stripe.simulate(sale.getString("payment.paymentIntentId"), true);
                    paid.add(sale.getString("orderId"));
                } else {
                    as(Tokens.staff(at.id())).post("/terminal/readers/{id}/cancel-action", at.reader()).then().statusCode(200);
                    as(Tokens.staff(at.id())).post("/orders/{id}/cancel", sale.getString("orderId")).then().statusCode(200);
                }
                continue;
            }
            boolean link = kind >= 6;
            Map<String, Object> body = new HashMap<>(cardCheckout(at.sku(), at.id(), quantity));
            body.put("channel", i < 6 && i > 0 ? ONLINE.get(i - 1) : ONLINE.get(random.nextInt(ONLINE.size())));
            body.put("customer", Map.of("phone", "+8190" + (10_000_000 + random.nextInt(89_999_999))));
            if (link) body.put("payment", Map.of("method", "LINK"));
            JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
            String orderId = o.getString("orderId");
            orders.add(orderId);
            int outcome = i < 6 ? 0 : random.nextInt(10);
            if (outcome < 7) {
                stripe.simulate(link ? o.getString("payment.checkoutSessionId") : o.getString("payment.paymentIntentId"), true);
                paid.add(orderId);
            } else if (link && outcome < 9) {
                stripe.expireSession(o.getString("payment.checkoutSessionId"));
            } else {
                as(Tokens.channel()).post("/orders/{id}/cancel", orderId).then().statusCode(200);
            }
        }
        for (String orderId : paid) awaitStatus(orderId, "PAID");

        // returns: some orders partly or wholly, at another store with restock, outside in Stripe, or failing later
        for (String orderId : paid) {
            int what = random.nextInt(10);
            if (what >= 6) continue;
            JsonPath o = as(Tokens.admin()).get("/orders/{id}", orderId).then().statusCode(200).extract().jsonPath();
            String sku = o.getString("lines[0].sku"), pi = o.getString("payment.paymentIntentId");
            long total = o.getLong("total.amount");
            Store other = stores.get(random.nextInt(stores.size()));
            if (what < 2) {
                as(Tokens.staff(other.id())).body(Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)), "restockLocationId", other.id()))
                        .post("/orders/{id}/refunds", orderId).then().statusCode(201);
            } else if (what < 4) {
                as(Tokens.staff(other.id())).body(Map.of("amount", Map.of("amount", total, "currency", o.getString("total.currency"))))
                        .post("/orders/{id}/refunds", orderId).then().statusCode(201);
            } else if (what == 4) {
                stripe.dashboardRefund(pi, Math.max(1, total / 3));
            } else {
                JsonPath refund = as(Tokens.admin()).body(Map.of("amount", Map.of("amount", Math.max(1, total / 2), "currency", o.getString("total.currency"))))
                        .post("/orders/{id}/refunds", orderId).then().statusCode(201).extract().jsonPath();
                var failed = Events.sample("synthesized-from-fixtures3/charge.refunded", x -> { });
                failed.put("type", "refund.updated");
                ((com.fasterxml.jackson.databind.node.ObjectNode) failed.get("data")).set("object", stripe.failRefund(refund.getString("stripeRefundId")));
                Events.deliver(failed).then().statusCode(200);
            }
        }
        Thread.sleep(500); // the stand-in's background refund events
        stripe.sendEventsTo(null, null);

        // every record of these orders, as a filtered mapping hands them over: cut short, retried from a record, delivered again
        List<Record> ours = poller.readAll().stream().filter(r -> {
            var image = r.dynamodb().hasNewImage() ? r.dynamodb().newImage() : r.dynamodb().oldImage();
            return image != null && image.containsKey("PK") && orders.contains(image.get("PK").s().substring("ORDER#".length()));
        }).toList();
        assertThat(ours).hasSizeGreaterThan(orders.size());
        String arn = poller.streamArn();
        int from = 0;
        while (from < ours.size()) {
            int size = 1 + random.nextInt(10);
            List<Record> batch = ours.subList(from, Math.min(ours.size(), from + size));
            int cut = random.nextInt(batch.size() + 1), retryFrom = random.nextInt(cut + 1);
            assertThat(handle(batch.subList(0, cut), arn)).isNull();                      // the invocation died after `cut` records
            assertThat(handle(batch.subList(retryFrom, batch.size()), arn)).isNull();     // retried from a record it reported
            assertThat(handle(batch, arn)).isNull();                                      // and the whole batch delivered again
            from += batch.size();
        }

        Set<String> ids = Set.of(tokyo.id(), newYork.id());
        LocalDate from0 = LocalDate.now().minusDays(1), to0 = LocalDate.now().plusDays(1);
        var counted = recount.count(from0, to0, ids::contains);
        assertThat(counted.lines().keySet()).anyMatch(k -> k.endsWith("|POS|TERMINAL")).anyMatch(k -> k.endsWith("|LINK")).anyMatch(k -> k.endsWith("|CARD"));
        assertThat(lines(from0, to0, ids)).isEqualTo(counted.lines());
        assertThat(sold(from0, to0, ids)).isEqualTo(counted.sold());

        // a damaged line is repaired by the recount route, and nothing else of these stores changes
        var damaged = counted.lines().values().iterator().next();
        report.replace(new SalesReportStore.Line(damaged.currency(), damaged.day(), damaged.locationId(), damaged.channel(), damaged.paymentMethod(),
                new SalesTotals(99, 99, 99, 99, 99, 99, 99, 99)), damaged);
        as(Tokens.staff(tokyo.id())).body(Map.of("from", from0.toString(), "to", to0.toString())).post("/reports/sales/recount").then().statusCode(403);
        as(Tokens.admin()).body(Map.of("from", from0.toString(), "to", to0.toString())).post("/reports/sales/recount").then().statusCode(200)
                .body("from", is(from0.toString()));
        assertThat(lines(from0, to0, ids)).isEqualTo(counted.lines());
        // and a stream record still on its way after the recount counts nothing again
        assertThat(handle(ours, arn)).isNull();
        assertThat(lines(from0, to0, ids)).isEqualTo(counted.lines());
    }

    private String handle(List<Record> batch, String arn) {
        if (batch.isEmpty()) return null;
        return StreamEvents.firstFailure(stream.handle(StreamEvents.event(batch, arn)));
    }

    private Map<String, SalesReportStore.Line> lines(LocalDate from, LocalDate to, Set<String> stores) {
        Map<String, SalesReportStore.Line> out = new TreeMap<>();
        for (String currency : List.of("jpy", "usd")) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                report.lines(currency, d).stream().filter(l -> stores.contains(l.locationId()))
                        // a line at zero is what a recount leaves where nothing is (the same as no line)
                        .filter(l -> !l.totals().equals(SalesTotals.ZERO))
                        .forEach(l -> out.put(l.currency() + "|" + l.day() + "|" + l.locationId() + "|" + l.channel() + "|" + l.paymentMethod(), l));
            }
        }
        return out;
    }

    private Map<String, SalesReportStore.Sold> sold(LocalDate from, LocalDate to, Set<String> stores) {
        Map<String, SalesReportStore.Sold> out = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            report.sold(d, null).stream().filter(s -> stores.contains(s.locationId()) && s.units() != 0)
                    .forEach(s -> out.put(s.day() + "|" + s.locationId() + "|" + s.sku(), s));
        }
        return out;
    }

    private Store store(String zone, String currency, long price, String country) {
        String id = uid("day-" + country.toLowerCase()), sku = uid("DAY");
        as(Tokens.admin()).body(Map.of("name", "Store " + id, "type", "STORE", "pickup", true, "timeZone", zone,
                        "address", Map.of("line1", "1 Main Street", "city", "City", "postalCode", "10001", "country", country)))
                .put("/locations/{id}", id).then().statusCode(200);
        product(sku, price, currency);
        stock(sku, id, 500);
        as(Tokens.admin()).post("/terminal/locations/{id}", id).then().statusCode(200);
        String reader = as(Tokens.staff(id)).body(Map.of("registrationCode", "simulated-wpe", "label", "Till 1", "locationId", id))
                .post("/terminal/readers").then().statusCode(201).extract().path("readerId");
        return new Store(id, zone, sku, currency, price, reader);
    }

    private static void awaitStatus(String orderId, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (status.equals(as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().path("status"))) return;
            Thread.sleep(50);
        }
        throw new AssertionError("order " + orderId + " never became " + status);
    }
}
