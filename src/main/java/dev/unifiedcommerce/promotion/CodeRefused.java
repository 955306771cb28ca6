package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.platform.errors.Problem;

import java.util.Map;

/** Why a promotion code cannot be spent on an order: 422 naming {@code promotionCode}, the reason machine-readable. */
public final class CodeRefused {
    public enum Reason {
        UNKNOWN, INACTIVE, EXPIRED, NOT_YET_VALID, WRONG_CHANNEL, WRONG_LOCATION, BELOW_MINIMUM_SPEND, USED_UP, ALREADY_USED,
        CUSTOMER_REQUIRED,
        /** Not a rule of the code: the total left after it is above zero but below what Stripe can charge. */
        BELOW_MINIMUM_CHARGE
    }

    public static final String FIELD = "promotionCode";

    private CodeRefused() {}

    public static Problem because(Reason reason, String detail) {
        return new Problem(422, "promotion-code-refused", "Promotion code cannot be used", detail, FIELD, Map.of("reason", reason.name()), null);
    }
}
