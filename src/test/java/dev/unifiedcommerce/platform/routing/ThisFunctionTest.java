package dev.unifiedcommerce.platform.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** COMMERCE_FUNCTION names the function an instance is, in any case; it serves its routes and the operational ones. */
class ThisFunctionTest {
    static ThisFunction configured(String function) {
        RoutingConfig config = () -> function;
        return new ThisFunction(config);
    }

    @Test
    void anInstanceConfiguredAsInventoryServesInventoryRoutesOnly() {
        ThisFunction inventory = configured(" Inventory ");
        assertThat(inventory.serves("/inventory/SKU-1")).isTrue();
        assertThat(inventory.serves("/locations/store-1")).isTrue();
        assertThat(inventory.serves("/checkouts")).isFalse();
        assertThat(inventory.serves("/q/health/live")).isTrue();
    }

    @Test
    void theDefaultServesEveryRoute() {
        assertThat(configured("all").serves("/checkouts")).isTrue();
        assertThat(configured("all").serves("/inventory/SKU-1")).isTrue();
    }

    @Test
    void aNameOfNoFunctionIsRefused() {
        assertThatThrownBy(() -> configured("inventroy")).isInstanceOf(IllegalArgumentException.class);
    }
}
