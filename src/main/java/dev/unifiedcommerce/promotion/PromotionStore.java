package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.platform.transaction.Writes;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where promotion codes are kept. */
public interface PromotionStore {
    /** Creates or changes a code; its use counter is kept as it is. Returns it as stored. */
    Promotion save(Promotion promotion);

    /** Creates a code that must not exist yet (a generated personal code); false when the code is taken. */
    boolean create(Promotion promotion);

    Optional<Promotion> find(String code);

    /** A customer's personal codes. */
    List<Promotion> personalOf(String customerId);

    /**
     * One use of {@code p}, for the checkout's transaction: the code's counter goes up only while it is active and under
     * its limit, and (when {@code customerId} is given) the customer's own counter only while under the per-customer
     * limit. A failed condition is the refusal ({@code USED_UP}, {@code ALREADY_USED}), so the limit is exact however
     * many checkouts race for the last use.
     */
    Writes redeemWrites(Promotion p, String customerId);

    /** Gives one use back (the hold ran out, the order was cancelled, a personal code's order fully refunded). */
    Writes giveBackWrites(String code, String customerId);

    /** Takes a given-back use again, unconditionally: a full refund of the order failed, so its use stands. */
    Writes retakeWrites(String code, String customerId);

    /**
     * Takes a given-back use again only while the code is under its limit (and the customer under {@code maxPerCustomer}):
     * a payment that arrived after its order ended. A failed condition is {@code refused}.
     */
    Writes retakeWithinLimitsWrites(String code, String customerId, Long maxPerCustomer,
                                                                     Supplier<? extends RuntimeException> refused);
}
