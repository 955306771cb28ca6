package dev.unifiedcommerce.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.unifiedcommerce.local.LocalGate;
import dev.unifiedcommerce.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.unifiedcommerce.support.Api.seeded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as deployed on AWS signs people in with Cognito's hosted UI: authorization code with PKCE for a public
 * client, tokens kept in memory, the ID token renewed before it ends, sign-out everywhere. Cognito's side is played
 * by a stand-in that holds the console to the protocol (S256 challenge and verifier, state, redirect URI, client id)
 * and mints ID tokens the application trusts in the test profile.
 */
@QuarkusTest
class ConsoleHostedSignInTest {
    static final String CLIENT = "dev-console"; // the audience the test profile accepts for people's ID tokens

    HttpServer cognito;
    Path consoleDir;
    final Map<String, String> challenges = new ConcurrentHashMap<>(), redirects = new ConcurrentHashMap<>();
    final List<String> signedOutEverywhere = new CopyOnWriteArrayList<>();
    final AtomicInteger renewals = new AtomicInteger();
    volatile String store;

    @BeforeEach
    void cognitoAndAConsoleConfiguredForIt() throws IOException {
        cognito = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cognito.createContext("/", this::cognito);
        cognito.start();
        String origin = "http://127.0.0.1:" + cognito.getAddress().getPort();
        consoleDir = Files.createTempDirectory("console-aws");
        try (Stream<Path> files = Files.walk(Path.of("src/console"))) {
            for (Path f : files.toList()) {
                Path to = consoleDir.resolve(Path.of("src/console").relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to); else Files.copy(f, to);
            }
        }
        Files.writeString(consoleDir.resolve("config.json"), "{\"api\":\"\",\"signIn\":\"cognito\",\"cognito\":{\"domain\":\"" + origin
                + "\",\"clientId\":\"" + CLIENT + "\",\"region\":\"ap-northeast-1\",\"idpEndpoint\":\"" + origin + "/\"}}");
    }

    @AfterEach
    void stop() { cognito.stop(0); }

    @Test
    void aPersonSignsInWithTheHostedUiAndTheirTokensStayInMemoryAreRenewedAndEndEverywhereOnSignOut() throws Exception {
        String[] s = seeded(4);
        store = s[1];
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port, consoleDir)) {
            b.press("#hosted-sign-in button[type=submit]");
            b.waitForText("who", "staff of " + s[1]);
            assertThat(redirects.values()).containsOnly("http://127.0.0.1:" + b.gate.port() + "/console/");
            assertThat(b.driver.getCurrentUrl()).doesNotContain("code="); // the single-use code is not left in the address
            JavascriptExecutor js = (JavascriptExecutor) b.driver;
            assertThat((String) js.executeScript("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"))
                    .doesNotContain("eyJ").doesNotContain("refresh");

            b.type("sku", s[0]);
            b.press("#stock-form button[type=submit]");
            b.rowWith("stock-table", s[1]);
            // the ID token lasts 65 s here: the console renews it 60 s early, and the API takes the new one
            b.wait.until(d -> renewals.get() >= 1);
            b.press("#stock-form button[type=submit]");
            b.rowWith("stock-table", s[1]);

            b.press("#sign-out");
            b.wait.until(d -> !signedOutEverywhere.isEmpty());
            b.wait.until(d -> b.find("hosted-sign-in").isDisplayed());
            assertThat(b.find("who").getText()).isEqualTo("Not signed in");
        }
        assertThat(signedOutEverywhere).hasSize(1).allMatch(t -> t.startsWith("access-"));
    }

    @Test
    void aSignInThatWasNotStartedHereIsRefused() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(RestAssured.port, consoleDir)) {
            b.driver.get("http://127.0.0.1:" + b.gate.port() + "/console/?code=stolen&state=forged");
            assertThat(b.waitForText("hosted-sign-in-error", "not started here")).isNotEmpty();
            assertThat(b.find("nav").isDisplayed()).isFalse();
        }
    }

    /** The hosted UI's endpoints, as the console uses them. */
    private void cognito(HttpExchange x) throws IOException {
        x.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        String path = x.getRequestURI().getPath();
        if (x.getRequestMethod().equals("OPTIONS")) {
            x.getResponseHeaders().add("Access-Control-Allow-Headers", "content-type, x-amz-target");
            x.getResponseHeaders().add("Access-Control-Allow-Methods", "POST");
            x.sendResponseHeaders(204, -1);
            return;
        }
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        switch (path) {
            case "/oauth2/authorize" -> {
                boolean ok = "code".equals(q.get("response_type")) && CLIENT.equals(q.get("client_id")) && "S256".equals(q.get("code_challenge_method"))
                        && q.get("code_challenge") != null && q.get("state") != null && q.getOrDefault("scope", "").contains("openid");
                if (!ok) { send(x, 400, "{\"error\":\"invalid_request\"}"); return; }
                String code = UUID.randomUUID().toString();
                challenges.put(code, q.get("code_challenge"));
                redirects.put(code, q.get("redirect_uri"));
                x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
                x.sendResponseHeaders(302, -1);
            }
            case "/oauth2/token" -> {
                Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (!CLIENT.equals(f.get("client_id"))) { send(x, 400, "{\"error\":\"invalid_client\"}"); return; }
                if ("authorization_code".equals(f.get("grant_type"))) {
                    String challenge = challenges.remove(f.getOrDefault("code", ""));
                    boolean verified = challenge != null && challenge.equals(s256(f.getOrDefault("code_verifier", "")))
                            && redirects.get(f.get("code")).equals(f.get("redirect_uri"));
                    if (!verified) { send(x, 400, "{\"error\":\"invalid_grant\"}"); return; }
                    send(x, 200, "{\"id_token\":\"" + idToken() + "\",\"access_token\":\"access-" + UUID.randomUUID() + "\",\"refresh_token\":\"refresh-1\","
                            + "\"expires_in\":65,\"token_type\":\"Bearer\"}");
                } else if ("refresh_token".equals(f.get("grant_type")) && "refresh-1".equals(f.get("refresh_token"))) {
                    renewals.incrementAndGet();
                    send(x, 200, "{\"id_token\":\"" + idToken() + "\",\"access_token\":\"access-" + UUID.randomUUID() + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
                } else {
                    send(x, 400, "{\"error\":\"invalid_grant\"}");
                }
            }
            case "/" -> {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (!"AWSCognitoIdentityProviderService.GlobalSignOut".equals(x.getRequestHeaders().getFirst("X-Amz-Target"))) { send(x, 400, "{}"); return; }
                signedOutEverywhere.add(body.replaceAll(".*\"AccessToken\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
                send(x, 200, "{}");
            }
            case "/logout" -> {
                x.getResponseHeaders().add("Location", q.get("logout_uri"));
                x.sendResponseHeaders(302, -1);
            }
            default -> send(x, 404, "{}");
        }
        x.close();
    }

    private String idToken() { return Tokens.token("console-person", "staff", store); }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }
}
