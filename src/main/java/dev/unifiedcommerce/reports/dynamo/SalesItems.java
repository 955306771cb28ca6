package dev.unifiedcommerce.reports.dynamo;

import dev.unifiedcommerce.reports.SalesChange;
import dev.unifiedcommerce.reports.SalesFacts;
import dev.unifiedcommerce.reports.StoreZones;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.unifiedcommerce.platform.table.Items.*;

/**
 * Order and refund items read as the report's facts: one reading for the change stream and for the recount, so both
 * count the same thing. A value that cannot be read (an unknown zone, a garbled time) falls back rather than failing:
 * a record that can never be applied would hold up every record behind it in its shard.
 */
final class SalesItems {
    private SalesItems() {}

    static SalesFacts.OrderFacts order(Map<String, AttributeValue> i, Instant seen) {
        if (i == null || i.isEmpty()) return null;
        long units = 0, gross = 0, discounts = 0, pointsSpent = 0;
        Map<String, SalesChange.SkuUnits> sold = new LinkedHashMap<>();
        // the lines carry what each paid after discounts (the order's discounts are spread over them), so gross - discounts = total
        for (AttributeValue l : Optional.ofNullable(i.get("lines")).map(AttributeValue::l).orElse(List.of())) {
            units += num(l.m(), "quantity");
            gross += num(l.m(), "quantity") * num(l.m(), "unitAmount");
            discounts += num(l.m(), "discount");
            String from = str(l.m(), "locationId") != null ? str(l.m(), "locationId") : str(i, "fulfilmentLocationId");
            sold.merge(str(l.m(), "sku") + "@" + from, new SalesChange.SkuUnits(str(l.m(), "sku"), from, num(l.m(), "quantity")),
                    (a, b) -> new SalesChange.SkuUnits(a.sku(), a.locationId(), a.units() + b.units()));
        }
        for (AttributeValue d : Optional.ofNullable(i.get("discounts")).map(AttributeValue::l).orElse(List.of())) {
            if ("POINTS".equals(str(d.m(), "discountType"))) pointsSpent += num(d.m(), "points");
        }
        Map<String, AttributeValue> payment = i.containsKey("payment") ? i.get("payment").m() : Map.of();
        String paidAt = str(i, "paidAt");
        return new SalesFacts.OrderFacts(str(i, "id"), str(i, "status"), str(i, "channel"), Optional.ofNullable(str(payment, "method")).orElse("NONE"),
                str(i, "fulfilmentLocationId"), paidAt == null ? null : instant(paidAt, seen), str(i, "currency"), units, gross, discounts,
                num(i, "totalAmount"), num(i, "pointsEarned"), pointsSpent, List.copyOf(sold.values()));
    }

    static SalesFacts.RefundFacts refund(Map<String, AttributeValue> i) {
        if (i == null || i.isEmpty()) return null;
        String store = str(i, "storeId") != null ? str(i, "storeId") : str(i, "restockLocationId");
        return new SalesFacts.RefundFacts(str(i, "refundId"), str(i, "orderId"), str(i, "status"), num(i, "amount"), str(i, "currency"), store,
                num(i, "points"));
    }

    static Instant instant(String value, Instant otherwise) {
        if (value == null) return otherwise;
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            return otherwise;
        }
    }

    static ZoneId zoneOf(String timeZone) { return StoreZones.of(timeZone); }
}
