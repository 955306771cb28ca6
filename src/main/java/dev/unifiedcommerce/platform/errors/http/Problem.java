package dev.unifiedcommerce.platform.errors.http;

import dev.unifiedcommerce.platform.errors.Rejected;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer that is not a success, as RFC 9457 problem details ({@code application/problem+json}): what the edge
 * makes of a {@link Rejected} request, or of a failure the framework reports (bad JSON, an unknown route).
 */
public record Problem(int status, String slug, String title, String detail, String field,
                      Map<String, Object> extensions, Integer retryAfterSeconds) {
    public static final String TYPE_BASE = "https://unified-commerce.dev/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A refusal as HTTP says it: the kind decides the status. */
    public static Problem of(Rejected r) {
        return new Problem(status(r.kind()), r.reason(), r.title(), r.detail(), r.field(), r.extensions(), r.retryAfterSeconds());
    }

    public static int status(Rejected.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case UNUSABLE -> 422;
            case TOO_MANY -> 429;
            case INTERNAL -> 500;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    public String type() { return TYPE_BASE + slug; }

    /** The JSON body: type, title, status, detail, field when known, then the extensions (e.g. shortages). */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) body.put("field", field);
        body.putAll(extensions);
        return body;
    }
}
