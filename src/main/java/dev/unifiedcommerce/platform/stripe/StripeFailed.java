package dev.unifiedcommerce.platform.stripe;

import com.stripe.exception.StripeException;

/**
 * Stripe refused, or we cannot tell what it did. {@link #definite()}: Stripe answered 400, 402, 404 (or 401/403)
 * with an error, so it did nothing and the caller can undo what it booked (502, or 4xx naming the field when Stripe
 * named the parameter). Otherwise the answer is ambiguous (timeout, connection lost, 409 key in use, 429, 5xx): Stripe
 * may have acted, so what was booked stays, to be settled with the same idempotency key or by reading Stripe (503).
 */
public final class StripeFailed extends RuntimeException {
    private final boolean definite;
    private final boolean serverError;

    public StripeFailed(String message, boolean definite, boolean serverError, Throwable cause) {
        super(message, cause);
        this.definite = definite;
        this.serverError = serverError;
    }

    /** Stripe refused and did nothing. */
    public boolean definite() { return definite; }

    /** Stripe may or may not have acted: the caller keeps what it booked and settles later. */
    public boolean ambiguous() { return !definite; }

    /**
     * Stripe answered 5xx: it stores that answer under the idempotency key and replays it, so re-sending the same
     * request cannot settle it; only reading Stripe can.
     */
    public boolean serverError() { return serverError; }

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
