package dev.unifiedcommerce.platform.errors.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.unifiedcommerce.platform.errors.Rejected;
import dev.unifiedcommerce.platform.provider.StripeFailed;
import dev.unifiedcommerce.platform.table.TableUnavailable;
import dev.unifiedcommerce.platform.transaction.Contention;
import dev.unifiedcommerce.platform.transaction.KeepsChanging;
import dev.unifiedcommerce.platform.transaction.Refused;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every failure leaves as {@code application/problem+json}: {@link Rejected} requests, bad JSON, constraint
 * violations, auth failures, unknown routes, DynamoDB giving up, and anything unexpected (500, logged once).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    public static Response toResponse(Problem p) {
        Response.ResponseBuilder r = Response.status(p.status()).type(PROBLEM_JSON).entity(p.body());
        if (p.retryAfterSeconds() != null) r.header("Retry-After", p.retryAfterSeconds());
        if (p.status() == 401) r.header("WWW-Authenticate", "Bearer");
        return r.build();
    }

    public static Response toResponse(Rejected r) { return toResponse(Problem.of(r)); }

    @ServerExceptionMapper
    public Response rejected(Rejected r) { return toResponse(r); }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<ConstraintViolation<?>> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> fieldOf(v.getPropertyPath()))).toList();
        if (violations.isEmpty()) return toResponse(new Problem(400, "invalid-request", "Invalid request", e.getMessage(), null, null, null));
        var first = violations.getFirst();
        String field = fieldOf(first.getPropertyPath());
        var errors = violations.stream().map(v -> Map.of("field", fieldOf(v.getPropertyPath()), "detail", v.getMessage())).toList();
        return toResponse(new Problem(400, "invalid-field", "Invalid field", field + " " + first.getMessage(), field,
                Map.of("errors", errors), null));
    }

    /** "lines[0].quantity" from a validation path, without the method and body parameter names. */
    static String fieldOf(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) continue;
            if (kind == ElementKind.PARAMETER && "body".equals(node.getName())) continue;
            if (node.isInIterable()) sb.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            if (kind == ElementKind.CONTAINER_ELEMENT || node.getName() == null) continue;
            if (!sb.isEmpty()) sb.append('.');
            sb.append(node.getName());
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = jsonPath(e);
        return toResponse(new Problem(400, "unknown-field", "Unknown field", field + " is not a field of this request", field, null, null));
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) { return mismatched(e); }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException u) return unknownField(u);
        String field = jsonPath(e);
        // A body cut short ("{\"lines\": [") surfaces as a mismatch at the point where the input ended.
        if (e.getPath().isEmpty() || e.getOriginalMessage().contains("end-of-input")) {
            return toResponse(new Problem(400, "malformed-json", "Malformed JSON", "the body must be a JSON object of this request's shape", null, null, null));
        }
        String expected = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
        return toResponse(new Problem(400, "invalid-field", "Invalid field", field + " must be " + expected, field, null, null));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) return mismatched(m);
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty() && !(m.getCause() instanceof JsonParseException)) {
            String field = jsonPath(m);
            Throwable cause = m.getCause();
            if (cause instanceof Rejected r) return toResponse(r);
            return toResponse(new Problem(400, "invalid-field", "Invalid field", field + " is invalid", field, null, null));
        }
        return toResponse(new Problem(400, "malformed-json", "Malformed JSON", "the body is not valid JSON", null, null, null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException j) return malformed(j);
        if (cause instanceof Rejected r) return toResponse(r);
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            case 400 -> "bad-request";
            default -> "http-" + status;
        };
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 415 -> "send Content-Type: application/json";
            case 400 -> "the request could not be read";
            default -> title;
        };
        return toResponse(new Problem(status, slug, title, detail, null, null, null));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class, AuthenticationCompletionException.class})
    public Response unauthenticated(Exception e) {
        return toResponse(new Problem(401, "unauthenticated", "Unauthenticated",
                "a valid bearer token is required (Authorization: Bearer <JWT>)", "Authorization", null, null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return toResponse(Rejected.forbidden("your role may not do this"));
    }

    @ServerExceptionMapper
    public Response unavailable(TableUnavailable e) {
        return toResponse(Rejected.unavailable("the store is busy; retry shortly", 1));
    }

    /**
     * Stripe could not be reached or refused: 503 (retry later) or 502. The caller's own stock and money are already
     * put back by then. Where Stripe names a parameter we sent from the client's input, the adapter maps it first.
     */
    @ServerExceptionMapper
    public Response stripe(StripeFailed e) {
        return toResponse(e.ambiguous() ? Rejected.unavailable(e.getMessage(), 2)
                : new Rejected(Rejected.Kind.UPSTREAM_FAILED, "payment-provider-error", "Payment provider error", e.getMessage(), null, null, null));
    }

    /** Contention that outlasted {@link Contention#ATTEMPTS}: nothing was written, and a retry in a moment will do. */
    @ServerExceptionMapper
    public Response keepsChanging(KeepsChanging e) {
        return toResponse(new Problem(409, "concurrent-change", "Concurrent change", e.what() + " keeps changing; retry", null, null, 1));
    }

    @ServerExceptionMapper
    public Response conflict(Refused e) {
        return toResponse(e.meaning().filter(Rejected.class::isInstance).map(Rejected.class::cast)
                .orElseGet(() -> Rejected.conflict("concurrent-change", "Concurrent change", "the data changed while this request ran; retry")));
    }

    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.errorf(e, "unexpected failure");
        return toResponse(new Problem(500, "internal", "Internal error", "something went wrong on our side", null, null, null));
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) return "one of " + Arrays.toString(type.getEnumConstants());
        if (List.class.isAssignableFrom(type) || type.isArray()) return "an array";
        return "an object";
    }
}
