package dev.unifiedcommerce.platform.stripe;

import com.stripe.exception.StripeException;

/**
 * Stripe refused or could not be reached. {@code retryable}: throttled or unreachable (503 with Retry-After), else
 * Stripe answered with an error (502, or 4xx naming the field when Stripe named the parameter).
 */
public final class StripeFailed extends RuntimeException {
    private final boolean retryable;

    public StripeFailed(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() { return retryable; }

    /** The request parameter Stripe complained about, if any (e.g. "registration_code"). */
    public String param() {
        return getCause() instanceof StripeException se && se.getStripeError() != null ? se.getStripeError().getParam() : null;
    }

    public String code() {
        return getCause() instanceof StripeException se && se.getStripeError() != null ? se.getStripeError().getCode() : null;
    }

    public int stripeStatus() {
        return getCause() instanceof StripeException se && se.getStatusCode() != null ? se.getStatusCode() : 0;
    }
}
