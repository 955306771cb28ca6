package dev.unifiedcommerce.platform.errors;

import java.util.Map;

/**
 * A request the product will not carry out, said in the domain's terms: what kind of refusal it is, a stable reason
 * (a slug clients may branch on), a title and detail people read, the input it concerns (as the request names it) and
 * any facts beside (e.g. {@code shortages}). Thrown anywhere; only the edge ({@code errors.http.ProblemMappers}) turns
 * it into an HTTP status and an {@code application/problem+json} body, so no rule here knows a status code.
 */
public class Rejected extends RuntimeException {

    /** What kind of refusal: the edge maps each to one HTTP status. */
    public enum Kind {
        /** The input breaks a rule of its own shape. */
        INVALID,
        /** The caller did not say who they are. */
        UNAUTHENTICATED,
        /** The caller may not do this. */
        FORBIDDEN,
        /** What the request names does not exist (or is not the caller's to see). */
        NOT_FOUND,
        /** The state of things does not allow it now (stock, a status, a key in use). */
        CONFLICT,
        /** It existed and is closed for good. */
        GONE,
        /** The input is well formed but names something that cannot be used for this. */
        UNUSABLE,
        /** The caller tried too often; {@code retryAfterSeconds} says when to try again. */
        TOO_MANY,
        /** A provider (Stripe, a message gateway) refused or failed. */
        UPSTREAM_FAILED,
        /** Nothing is wrong with the request; retry shortly. */
        UNAVAILABLE,
        /** A fault of ours. */
        INTERNAL;

        /** Not a refusal of the request but a failure to carry it out: the same request may succeed later. */
        public boolean isFailure() { return this == UPSTREAM_FAILED || this == UNAVAILABLE || this == INTERNAL; }
    }

    private final Kind kind;
    private final String reason;
    private final String title;
    private final String field;
    private final Map<String, Object> extensions;
    private final Integer retryAfterSeconds;

    public Rejected(Kind kind, String reason, String title, String detail, String field,
                    Map<String, Object> extensions, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.reason = reason;
        this.title = title;
        this.field = field;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An input that breaks its own rule: {@code field} and what it must be. */
    public static Rejected invalid(String field, String detail) {
        return new Rejected(Kind.INVALID, "invalid-field", "Invalid field", field + " " + detail, field, null, null);
    }

    public static Rejected invalidRequest(String reason, String title, String detail) {
        return new Rejected(Kind.INVALID, reason, title, detail, null, null, null);
    }

    public static Rejected notFound(String what, String field, String id) {
        return new Rejected(Kind.NOT_FOUND, "not-found", what + " not found", what + " '" + id + "' does not exist", field, null, null);
    }

    /** A referenced thing in the body is unknown or unusable. */
    public static Rejected unusable(String field, String detail) {
        return new Rejected(Kind.UNUSABLE, "unprocessable-reference", "Unknown or unusable reference", detail, field, null, null);
    }

    public static Rejected conflict(String reason, String title, String detail) {
        return new Rejected(Kind.CONFLICT, reason, title, detail, null, null, null);
    }

    public static Rejected forbidden(String detail) {
        return new Rejected(Kind.FORBIDDEN, "forbidden", "Forbidden", detail, null, null, null);
    }

    public static Rejected unavailable(String detail, int retryAfterSeconds) {
        return new Rejected(Kind.UNAVAILABLE, "unavailable", "Service unavailable", detail, null, null, retryAfterSeconds);
    }

    public Rejected withRetryAfter(int seconds) {
        return new Rejected(kind, reason, title, getMessage(), field, extensions, seconds);
    }

    public Kind kind() { return kind; }
    /** The stable name of this refusal (the last part of the problem's {@code type}). */
    public String reason() { return reason; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public String field() { return field; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
    /** Facts beside the standard ones (e.g. {@code reason}, {@code shortages}). */
    public Map<String, Object> extensions() { return extensions; }
}
