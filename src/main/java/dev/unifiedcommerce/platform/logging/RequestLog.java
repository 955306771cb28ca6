package dev.unifiedcommerce.platform.logging;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One access line per request with a request id in the MDC (JSON logs carry it on every line of the request).
 * Logs method, path (never the query: it can hold a phone number or e-mail), status and duration; never headers
 * (tokens) or bodies (personal data).
 */
public class RequestLog {
    private static final Logger LOG = Logger.getLogger("access");
    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final String STARTED = RequestLog.class.getName() + ".started";

    @ServerRequestFilter(preMatching = true, priority = 1)
    public void begin(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        MDC.put("requestId", id);
        request.setProperty(HEADER, id);
        request.setProperty(STARTED, System.nanoTime());
    }

    @ServerResponseFilter
    public void end(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(HEADER);
        if (id != null) response.getHeaders().putSingle(HEADER, id);
        Object started = request.getProperty(STARTED);
        long micros = started instanceof Long t ? (System.nanoTime() - t) / 1000 : -1;
        LOG.infof("%s %s %d %dms", request.getMethod(), request.getUriInfo().getPath(), response.getStatus(), micros / 1000);
        MDC.remove("requestId");
    }
}
