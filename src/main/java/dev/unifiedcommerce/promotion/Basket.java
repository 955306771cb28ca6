package dev.unifiedcommerce.promotion;

import dev.unifiedcommerce.catalog.Money;

/**
 * What a code is asked to apply to: the order's channel, where it is fulfilled, the customer the caller vouches for
 * (null when only typed contact details name one: DESIGN.md "Who may spend what"), and its subtotal.
 */
public record Basket(String channel, String locationId, String vouchedCustomerId, Money subtotal) {}
