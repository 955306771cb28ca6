package dev.unifiedcommerce.export;

import dev.unifiedcommerce.platform.table.Keys;
import dev.unifiedcommerce.platform.table.Table;
import dev.unifiedcommerce.stripestandin.StripeStandInResource;
import dev.unifiedcommerce.support.Events;
import dev.unifiedcommerce.support.Phones;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysts' tables (infra/analytics) know every attribute the code writes on the items they show: an order (with
 * its lines, discounts, payment and address), a refund, a stock level and a loyalty entry are made through HTTP and
 * read back from the table, and each attribute must be a column of the DDL's item struct; the views read only columns
 * the struct has; both export layouts carry the same struct.
 */
@QuarkusTest
class ExportSchemaTest {
    @Inject Table table;

    static String tables() throws IOException { return Files.readString(Path.of("infra/analytics/tables.sql")); }

    /** The struct after {@code `name` } in the DDL, brackets balanced. */
    static String struct(String ddl, String name) {
        int at = ddl.indexOf("`" + name + "` struct<");
        assertThat(at).as("column %s", name).isNotNegative();
        int start = ddl.indexOf("struct<", at), depth = 0;
        for (int i = start; i < ddl.length(); i++) {
            char c = ddl.charAt(i);
            if (c == '<') depth++;
            if (c == '>' && --depth == 0) return ddl.substring(start, i + 1);
        }
        throw new IllegalStateException("unbalanced struct " + name);
    }

    /** The field names of a struct at its own level (not those of structs inside it). */
    static Set<String> topLevel(String struct) {
        Set<String> out = new TreeSet<>();
        int depth = 0;
        Matcher m = Pattern.compile("`([^`]+)`:").matcher(struct);
        int last = 0;
        while (m.find()) {
            for (int i = last; i < m.start(); i++) {
                if (struct.charAt(i) == '<') depth++;
                if (struct.charAt(i) == '>') depth--;
            }
            last = m.start();
            if (depth == 1) out.add(m.group(1));
        }
        return out;
    }

    /** The type of one field of a struct ({@code `name`:struct<...>}), brackets balanced. */
    static String field(String struct, String name) {
        int at = struct.indexOf("`" + name + "`:");
        assertThat(at).as("field %s", name).isNotNegative();
        int start = struct.indexOf("struct<", at), depth = 0;
        for (int i = start; i < struct.length(); i++) {
            char c = struct.charAt(i);
            if (c == '<') depth++;
            if (c == '>' && --depth == 0) return struct.substring(start, i + 1);
        }
        throw new IllegalStateException("unbalanced field " + name);
    }

    static Set<String> allNames(String struct) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("`([^`]+)`:").matcher(struct);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void bothExportLayoutsCarryTheSameItemStruct() throws IOException {
        String ddl = tables();
        assertThat(struct(ddl, "NewImage")).isEqualTo(struct(ddl, "Item"));
        assertThat(struct(ddl, "OldImage")).isEqualTo(struct(ddl, "Item"));
        assertThat(topLevel(struct(ddl, "Item"))).contains(Keys.PK, Keys.SK, Keys.TYPE);
    }

    @Test
    void everyAttributeOfTheExportedItemsIsAColumnAnalystsCanRead() throws IOException {
        String item = struct(tables(), "Item");
        Set<String> columns = topLevel(item);
        // an order paid by a known customer (points earned), partly refunded with restock; its stock level; its loyalty entries
        String[] s = seeded(5);
        String phone = Phones.unique("+8190");
        Map<String, Object> body = new HashMap<>(cardCheckout(s[0], s[1], 2));
        body.put("customer", Map.of("phone", phone, "email", "export@example.com"));
        JsonPath o = as(Tokens.channel()).body(body).post("/checkouts").then().statusCode(201).extract().jsonPath();
        String orderId = o.getString("orderId"), pi = o.getString("payment.paymentIntentId");
        Events.deliver(Events.paymentIntentSucceeded(pi, orderId, 2400, "usd")).then().statusCode(200);
        StripeStandInResource.standIn().succeed(pi);
        as(Tokens.staff(s[1])).body(Map.of("lines", List.of(Map.of("sku", s[0], "quantity", 1)), "restockLocationId", s[1]))
                .post("/orders/{id}/refunds", orderId).then().statusCode(201);
        String customerId = as(Tokens.admin()).get("/orders/{id}", orderId).then().extract().path("customerId");

        Map<String, Set<String>> written = new HashMap<>();
        record(written, table.get(Keys.order(orderId)).orElseThrow());
        query(Keys.orderPartition(orderId), Keys.ORDER_REFUND_PREFIX).forEach(i -> record(written, i));
        record(written, table.get(Keys.stockLevel(s[0], s[1])).orElseThrow());
        query("CUSTOMER#" + customerId, "LOYALTY#").forEach(i -> record(written, i));
        assertThat(written.keySet()).containsExactlyInAnyOrder("ORDER", "ORDER_REFUND", "STOCK_LEVEL", "LOYALTY_ENTRY");
        written.forEach((type, names) -> assertThat(columns).as("the DDL's item struct knows every attribute of %s (infra/analytics/tables.sql)", type)
                .containsAll(names));

        // what the order's maps and lists hold is known too (lines, discounts, payment, ship-to address)
        Map<String, AttributeValue> order = table.get(Keys.order(orderId)).orElseThrow();
        Set<String> inLines = new LinkedHashSet<>();
        order.get("lines").l().forEach(l -> inLines.addAll(l.m().keySet()));
        assertThat(allNames(field(item, "lines"))).as("fields of the order's lines").containsAll(inLines);
        assertThat(allNames(field(item, "payment"))).as("fields of the order's payment").containsAll(order.get("payment").m().keySet());
    }

    @Test
    void theViewsReadOnlyColumnsTheTablesHave() throws IOException {
        String item = struct(tables(), "Item");
        Set<String> columns = topLevel(item);
        String views = Files.readString(Path.of("infra/analytics/views.sql"));
        Matcher top = Pattern.compile("image\\.\"([A-Za-z0-9]+)\"").matcher(views);
        int read = 0;
        while (top.find()) {
            assertThat(columns).as("views.sql reads image.%s", top.group(1)).contains(top.group(1));
            read++;
        }
        Set<String> lineFields = allNames(field(item, "lines")), paymentFields = allNames(field(item, "payment"));
        Matcher inLine = Pattern.compile("line\\.\"([A-Za-z0-9]+)\"").matcher(views);
        while (inLine.find()) assertThat(lineFields).as("views.sql reads line.%s", inLine.group(1)).contains(inLine.group(1));
        Matcher inPayment = Pattern.compile("payment\"\\.\"M\"\\.\"([A-Za-z0-9]+)\"").matcher(views);
        while (inPayment.find()) assertThat(paymentFields).as("views.sql reads payment.%s", inPayment.group(1)).contains(inPayment.group(1));
        assertThat(read).isGreaterThan(30);
        for (String view : List.of("commerce_items", "commerce_orders", "commerce_order_lines", "commerce_refunds", "commerce_stock_levels",
                "commerce_loyalty_entries")) {
            assertThat(views).contains("CREATE OR REPLACE VIEW " + view + " AS");
        }
    }

    private void record(Map<String, Set<String>> written, Map<String, AttributeValue> item) {
        written.computeIfAbsent(item.get(Keys.TYPE).s(), t -> new TreeSet<>()).addAll(item.keySet());
    }

    private List<Map<String, AttributeValue>> query(String pk, String skPrefix) {
        return table.queryPrefix(null, Keys.PK, pk, Keys.SK, skPrefix, null, null).items();
    }
}
