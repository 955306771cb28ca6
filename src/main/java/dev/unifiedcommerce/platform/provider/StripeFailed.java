package dev.unifiedcommerce.platform.provider;

/**
 * Stripe refused, or we cannot tell what it did: the payment provider's answer as the domain needs it, with no
 * stripe-java type in sight (the Stripe adapter makes it). {@link #definite()}: Stripe answered 400, 402, 404 (or
 * 401/403) with an error, so it did nothing and the caller can undo what it booked (502, or 4xx naming the field when
 * Stripe named the parameter). Otherwise the answer is ambiguous (timeout, connection lost, 409 key in use, 429, 5xx):
 * Stripe may have acted, so what was booked stays, to be settled with the same idempotency key or by reading Stripe (503).
 */
public final class StripeFailed extends RuntimeException {
    /** What Stripe said, when it answered: its HTTP status (0 when it did not), error code and the parameter it named. */
    public record Answer(int status, String code, String param) {
        public static final Answer NONE = new Answer(0, null, null);
    }

    private final boolean definite;
    private final boolean serverError;
    private final Answer answer;

    public StripeFailed(String message, boolean definite, boolean serverError, Answer answer, Throwable cause) {
        super(message, cause);
        this.definite = definite;
        this.serverError = serverError;
        this.answer = answer == null ? Answer.NONE : answer;
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
    public String param() { return answer.param(); }

    public String code() { return answer.code(); }

    public int stripeStatus() { return answer.status(); }
}
