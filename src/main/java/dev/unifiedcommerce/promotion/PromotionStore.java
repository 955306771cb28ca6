package dev.unifiedcommerce.promotion;

import java.util.List;
import java.util.Optional;

/** Where promotion codes are kept. */
public interface PromotionStore {
    /** Creates or changes a code; its use counter is kept as it is. Returns it as stored. */
    Promotion save(Promotion promotion);

    /** Creates a code that must not exist yet (a generated personal code); false when the code is taken. */
    boolean create(Promotion promotion);

    Optional<Promotion> find(String code);

    /** A customer's personal codes. */
    List<Promotion> personalOf(String customerId);
}
