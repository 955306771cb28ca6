package dev.unifiedcommerce.platform;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.unifiedcommerce.platform.TemplateTest.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution's two CloudFront Functions, run as written in template.yaml (by Node.js, whose JavaScript is a
 * superset of cloudfront-js-2.0's; skipped where no node is installed): the console's paths and the API's prefix.
 */
class CloudFrontFunctionsTest {
    static final Path NODE = Path.of("/usr/bin/node");

    @BeforeAll
    static void node() { Assumptions.assumeTrue(Files.isExecutable(NODE), "no /usr/bin/node: the CloudFront Functions are only read, not run"); }

    /** What the function does with a viewer request for {@code uri}: the request's new uri, or "302 location". */
    static String run(String function, String uri) throws IOException, InterruptedException {
        String code = TEMPLATE.at("/Resources/" + function + "/Properties/FunctionCode").asText()
                + "\nconst out = handler({ request: { method: 'GET', uri: " + quote(uri) + ", headers: {}, querystring: {} } });"
                + "\nconsole.log(out.statusCode ? out.statusCode + ' ' + out.headers.location.value : out.uri);\n";
        Path script = Files.createTempFile("cloudfront-function", ".js");
        Files.writeString(script, code);
        Process p = new ProcessBuilder(NODE.toString(), script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static String quote(String s) { return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"; }

    @Test
    void theApiReceivesItsOwnPathsWithoutTheApiPrefix() throws Exception {
        assertThat(run("ApiPathPrefix", "/api/inventory/TEE-BLK-M")).isEqualTo("/inventory/TEE-BLK-M");
        assertThat(run("ApiPathPrefix", "/api/orders/ord_1/refunds")).isEqualTo("/orders/ord_1/refunds");
        assertThat(run("ApiPathPrefix", "/api/")).isEqualTo("/");
    }

    @Test
    void theConsoleIsAtConsoleAndADirectoryServesItsIndex() throws Exception {
        assertThat(run("ConsolePaths", "/")).isEqualTo("302 /console/");
        assertThat(run("ConsolePaths", "/console")).isEqualTo("302 /console/");
        assertThat(run("ConsolePaths", "/console/")).isEqualTo("/console/index.html");
        assertThat(run("ConsolePaths", "/console/screens/till.js")).isEqualTo("/console/screens/till.js");
        assertThat(run("ConsolePaths", "/console/config.json")).isEqualTo("/console/config.json");
    }
}
