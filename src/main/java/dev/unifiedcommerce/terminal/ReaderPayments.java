package dev.unifiedcommerce.terminal;

/** What the order side hears about a reader's payment (checkout implements it; terminal does not know orders). */
public interface ReaderPayments {
    /** The shopper walked away: staff cancelled the reader's action for this order. */
    void actionCanceled(String orderId, String readerId);
}
