package dev.unifiedcommerce.platform;

import dev.unifiedcommerce.support.LogCapture;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.unifiedcommerce.support.Api.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Logs carry a request id and an access line, never the token, the query string or the body. */
@QuarkusTest
class RequestLogTest {
    final LogCapture logs = new LogCapture();

    @BeforeEach
    void attach() { logs.attach(); }

    @AfterEach
    void detach() { logs.detach(); }

    @Test
    void anAccessLineHasMethodPathStatusAndRequestIdButNoTokenQueryOrBody() {
        String[] s = seeded(3);
        String token = Tokens.channel();
        logs.clear();
        as(token).header("X-Request-Id", "req-abcdef12").queryParam("next", "secret-cursor-value")
                .body(Map.of("lines", List.of(line(s[0], s[1], 1)))).post("/reservations").then().statusCode(201)
                .header("X-Request-Id", "req-abcdef12");

        assertThat(logs.lines()).anySatisfy(l -> assertThat(l).startsWith("access POST /reservations 201").contains("requestId=req-abcdef12"));
        String all = logs.all();
        assertThat(all).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain("secret-cursor-value").doesNotContain("\"quantity\"");
    }
}
