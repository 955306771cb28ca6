package dev.unifiedcommerce.platform.provider;

import dev.unifiedcommerce.payment.RefundStatus;
import dev.unifiedcommerce.subscription.BillingGateway.SubscriptionStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StripeNamesTest {

    @Test
    void stripesWordsReadAsTheDomainsStatusesAndBack() {
        assertThat(RefundStatus.of("requires_action")).isEqualTo(RefundStatus.REQUIRES_ACTION);
        assertThat(SubscriptionStatus.of("incomplete_expired")).isEqualTo(SubscriptionStatus.INCOMPLETE_EXPIRED);
        assertThat(RefundStatus.REQUIRES_ACTION.word()).isEqualTo("requires_action");
    }

    @Test
    void aStatusStripeAddsLaterReadsAsUnknownInsteadOfFailingTheEvent() {
        assertThat(RefundStatus.of("reversed_by_bank")).isEqualTo(RefundStatus.UNKNOWN);
        assertThat(RefundStatus.of(null)).isEqualTo(RefundStatus.UNKNOWN);
        assertThat(RefundStatus.UNKNOWN.stands()).isFalse();
    }
}
