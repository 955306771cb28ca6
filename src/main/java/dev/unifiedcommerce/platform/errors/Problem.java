package dev.unifiedcommerce.platform.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer that is not a success, as RFC 9457 problem details: thrown anywhere, written by
 * {@link ProblemMappers} as {@code application/problem+json}. {@code field} names the offending input.
 */
public class Problem extends RuntimeException {
    public static final String TYPE_BASE = "https://unified-commerce.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;
    private final String field;
    private final Map<String, Object> extensions;
    private final Integer retryAfterSeconds;

    public Problem(int status, String slug, String title, String detail, String field,
                   Map<String, Object> extensions, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.field = field;
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Problem badField(String field, String detail) {
        return new Problem(400, "invalid-field", "Invalid field", field + " " + detail, field, null, null);
    }

    public static Problem badRequest(String slug, String title, String detail) {
        return new Problem(400, slug, title, detail, null, null, null);
    }

    public static Problem notFound(String what, String field, String id) {
        return new Problem(404, "not-found", what + " not found", what + " '" + id + "' does not exist", field, null, null);
    }

    /** A referenced thing in the body is unknown or unusable. */
    public static Problem unprocessable(String field, String detail) {
        return new Problem(422, "unprocessable-reference", "Unknown or unusable reference", detail, field, null, null);
    }

    public static Problem conflict(String slug, String title, String detail) {
        return new Problem(409, slug, title, detail, null, null, null);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Forbidden", detail, null, null, null);
    }

    public static Problem unavailable(String detail, int retryAfterSeconds) {
        return new Problem(503, "unavailable", "Service unavailable", detail, null, null, retryAfterSeconds);
    }

    public Problem withRetryAfter(int seconds) {
        return new Problem(status, slug, title, getMessage(), field, extensions, seconds);
    }

    public int status() { return status; }
    public String type() { return TYPE_BASE + slug; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public String field() { return field; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
    /** Members beside the standard ones (e.g. {@code reason}, {@code shortages}). */
    public Map<String, Object> extensions() { return extensions; }

    /** The JSON body: type, title, status, detail, field when known, then the extensions (e.g. shortages). */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (field != null) body.put("field", field);
        if (instance != null) body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }
}
