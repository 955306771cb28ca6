package dev.unifiedcommerce.console;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files and its development sign-in are the local front door's (test sources), never the application's:
 * the application itself answers neither, and its sources hold no console file.
 */
@QuarkusTest
class ConsoleIsLocalOnlyTest {
    @Test
    void theApplicationServesNoConsoleAndNoDevelopmentSignIn() throws Exception {
        given().get("/console/").then().statusCode(404);
        given().contentType("application/json").body("{\"role\":\"admin\"}").post("/console/dev-sign-in").then().statusCode(404);
        try (var main = Files.walk(Path.of("src/main"))) {
            assertThat(main.map(p -> p.getFileName().toString())).doesNotContain("console.js", "index.html");
        }
    }
}
