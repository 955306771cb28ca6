package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Logs carry a request id and an access line, never the token, the query string or the body. */
@QuarkusTest
class RequestLogTest {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            Object id = org.jboss.logging.MDC.get("requestId");
            lines.add(r.getLoggerName() + " " + String.format(r.getMessage(), r.getParameters() == null ? new Object[0] : r.getParameters())
                    + " requestId=" + id);
        }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @BeforeEach
    void attach() { Logger.getLogger("").addHandler(capture); }

    @AfterEach
    void detach() { Logger.getLogger("").removeHandler(capture); }

    @Test
    void anAccessLineHasMethodPathStatusAndRequestIdButNoTokenQueryOrBody() {
        String[] s = seeded(3);
        String token = Tokens.channel();
        lines.clear();
        as(token).header("X-Request-Id", "req-abcdef12").queryParam("next", "secret-cursor-value")
                .body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations").then().statusCode(201)
                .header("X-Request-Id", "req-abcdef12");

        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("access POST /reservations 201").contains("requestId=req-abcdef12"));
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain("secret-cursor-value").doesNotContain("\"quantity\"");
    }
}
