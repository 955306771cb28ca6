package dev.unifiedcommerce.checkout;

/** The payment provider refused or could not be reached. {@code retryable}: throttled or unreachable (503), else 502. */
public final class PaymentProviderFailed extends RuntimeException {
    private final boolean retryable;

    public PaymentProviderFailed(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() { return retryable; }
}
