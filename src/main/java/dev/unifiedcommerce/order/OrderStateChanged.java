package dev.unifiedcommerce.order;

/** The order was not in the state a change expected (another request or a webhook moved it): read it again. */
public final class OrderStateChanged extends RuntimeException {
    public OrderStateChanged(String orderId) { super("order " + orderId + " changed state", null, false, false); }
}
