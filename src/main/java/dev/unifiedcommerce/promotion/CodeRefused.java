package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.platform.errors.Rejected;

import java.util.Map;
import java.util.Set;

/** Why a promotion code cannot be spent on an order: 422 naming {@code promotionCode}, the reason machine-readable. */
public final class CodeRefused {
    public enum Reason {
        UNKNOWN, INACTIVE, EXPIRED, NOT_YET_VALID, WRONG_CHANNEL, WRONG_LOCATION, BELOW_MINIMUM_SPEND, USED_UP, ALREADY_USED,
        CUSTOMER_REQUIRED,
        /** Someone else's personal code (staff see this; a channel sees NOT_APPLICABLE). */
        ANOTHER_CUSTOMERS,
        /**
         * What a channel is told for UNKNOWN, INACTIVE, NOT_YET_VALID, EXPIRED and ANOTHER_CUSTOMERS alike: which secret
         * codes exist is nobody's business but the shop's.
         */
        NOT_APPLICABLE,
        /** Not a rule of the code: the total left after it is above zero but below what Stripe can charge. */
        BELOW_MINIMUM_CHARGE
    }

    public static final String FIELD = "promotionCode";

    private CodeRefused() {}

    /** The reasons a channel is told only as NOT_APPLICABLE. */
    public static final Set<String> HIDDEN_FROM_CHANNELS = Set.of(Reason.UNKNOWN.name(), Reason.INACTIVE.name(),
            Reason.NOT_YET_VALID.name(), Reason.EXPIRED.name(), Reason.ANOTHER_CUSTOMERS.name());

    /** Whether {@code p} is a code's refusal. */
    public static boolean isRefusal(Rejected p) { return p.kind() == Rejected.Kind.UNUSABLE && FIELD.equals(p.field()) && p.extensions().containsKey("reason"); }

    /** Whether {@code p} refused a code as a miss: unknown, not valid now, or another customer's (the reasons a channel hears as NOT_APPLICABLE). */
    public static boolean isMiss(Rejected p) { return isRefusal(p) && HIDDEN_FROM_CHANNELS.contains(String.valueOf(p.extensions().get("reason"))); }

    /** {@code refused} as a channel may hear it. */
    public static Rejected forChannel(Rejected refused) {
        if (!isRefusal(refused) || !HIDDEN_FROM_CHANNELS.contains(String.valueOf(refused.extensions().get("reason")))) return refused;
        return because(Reason.NOT_APPLICABLE, "this promotion code cannot be used for this order");
    }

    public static Rejected because(Reason reason, String detail) {
        return new Rejected(Rejected.Kind.UNUSABLE, "promotion-code-refused", "Promotion code cannot be used", detail, FIELD, Map.of("reason", reason.name()), null);
    }
}
