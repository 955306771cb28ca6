package dev.unifiedcommerce.reports;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which changes of an order or a refund the sales report counts, and on which day. */
class SalesFactsTest {
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant PAID = Instant.parse("2026-11-30T16:30:00Z"); // 01:30 on 1 December in Tokyo

    static SalesFacts.OrderFacts order(String status, Instant paidAt, long pointsEarned) {
        return new SalesFacts.OrderFacts("o1", status, "WEB", "CARD", "ginza", paidAt, "jpy", 2, 3000, 500, 2500, pointsEarned, 0,
                List.of(new SalesChange.SkuUnits("TEE", "ginza", 2)));
    }

    static SalesFacts.RefundFacts refund(String status) {
        return new SalesFacts.RefundFacts("r1", "o1", status, 1000, "jpy", "shibuya", 0);
    }

    @Test
    void aSaleCountsOnceOnTheDayItWasPaidInTheStoresZone() {
        var sale = SalesFacts.sale(order("AWAITING_PAYMENT", null, 0), order("PAID", PAID, 25), TOKYO).orElseThrow();
        assertThat(sale.day()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(sale.delta()).isEqualTo(new SalesTotals(1, 2, 3000, 500, 0, 2500, 25, 0));
        assertThat(sale.sold()).containsExactly(new SalesChange.SkuUnits("TEE", "ginza", 2));
        // refunded and paid again (a refund failed) is the same sale
        assertThat(SalesFacts.sale(order("REFUNDED", PAID, 25), order("PAID", PAID, 25), TOKYO)).isEmpty();
    }

    @Test
    void aPaymentThatWentBackAsNeedsAttentionIsNoSaleAndItsRefundNoReturn() {
        var attention = order("NEEDS_ATTENTION", PAID, 0);
        assertThat(SalesFacts.sale(order("AWAITING_PAYMENT", null, 0), attention, TOKYO)).isEmpty();
        assertThat(SalesFacts.refund(null, refund("SUCCEEDED"), attention, PAID, TOKYO)).isEmpty();
    }

    @Test
    void pointsBookedAfterTheSaleAreAddedToItsDay() {
        var later = SalesFacts.earnedLater(order("PAID", PAID, 0), order("PAID", PAID, 25), TOKYO).orElseThrow();
        assertThat(later.day()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(later.delta()).isEqualTo(new SalesTotals(0, 0, 0, 0, 0, 0, 25, 0));
        assertThat(later.marker()).isEqualTo("EARNED#o1#25");
    }

    @Test
    void aRefundCountsAtTheStoreThatGaveItAndIsTakenBackWhenStripeFailsIt() {
        var sold = order("PAID", PAID, 25);
        Instant booked = Instant.parse("2026-12-02T03:00:00Z"), failed = Instant.parse("2026-12-03T03:00:00Z");
        var given = SalesFacts.refund(null, refund("PENDING"), sold, booked, TOKYO).orElseThrow();
        assertThat(given.locationId()).isEqualTo("shibuya");
        assertThat(given.day()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(given.delta()).isEqualTo(new SalesTotals(0, 0, 0, 0, 1000, -1000, 0, 0));
        var back = SalesFacts.refund(refund("SUCCEEDED"), refund("FAILED"), sold, failed, TOKYO).orElseThrow();
        assertThat(back.day()).isEqualTo(LocalDate.of(2026, 12, 3));
        assertThat(back.delta()).isEqualTo(new SalesTotals(0, 0, 0, 0, -1000, 1000, 0, 0));
        // written already failed: never given, nothing to count
        assertThat(SalesFacts.refund(null, refund("FAILED"), sold, booked, TOKYO)).isEmpty();
        assertThat(SalesFacts.refund(refund("FAILED"), refund("FAILED"), sold, failed, TOKYO)).isEmpty();
    }
}
