package dev.unifiedcommerce.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unifiedcommerce.local.LocalGate;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The store console opened in real Chromium (Debian's chromium and chromium-driver, headless, tablet-sized) through
 * the local front door, as staff open it: what a test does is what a person does (choose, type, press), and every
 * screen is checked with axe-core. Without the browser the tests are skipped; under CI=true a missing browser fails.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver"), SHOTS = Path.of("target/console-shots");
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    final LocalGate gate;
    final WebDriver driver;
    final WebDriverWait wait;

    private ConsoleBrowser(LocalGate gate, WebDriver driver) {
        this.gate = gate;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Opens the console (src/console) in front of the application on {@code appPort}. */
    static ConsoleBrowser open(int appPort) throws IOException { return open(appPort, Path.of("src/console")); }

    /** Opens the console's files in {@code consoleDir} (e.g. with another config.json) in front of the application. */
    static ConsoleBrowser open(int appPort, Path consoleDir) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            if ("true".equals(System.getenv("CI"))) fail("CI runs the browser tests: .ci/run installs chromium and chromium-driver");
            Assumptions.abort("browser tests skipped: apt-get install chromium chromium-driver to run them");
        }
        LocalGate gate = LocalGate.start(0, appPort, consoleDir);
        try {
            ConsoleBrowser b = new ConsoleBrowser(gate, chromium());
            // a gate of its own is an origin of its own: nothing a previous test stored in the page is seen here
            b.driver.get("http://127.0.0.1:" + gate.port() + "/console/");
            return b;
        } catch (RuntimeException e) {
            gate.stop();
            throw e;
        }
    }

    /** One Chromium per test JVM: starting one costs more than most tests that use it. */
    private static ChromeDriver chromium;

    private static synchronized WebDriver chromium() throws IOException {
        if (chromium != null) {
            try {
                chromium.executeCdpCommand("Network.clearBrowserCookies", Map.of()); // cookies are per host, not per port
                return chromium;
            } catch (WebDriverException gone) {
                drop(); // it crashed: a new one
            }
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // never Selenium Manager: it would download a driver
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1024,1366", // a tablet, upright
                "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        Files.createDirectories(SHOTS);
        ChromeDriver started = new ChromeDriver(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.quit();
            } catch (WebDriverException alreadyGone) {
                // dropped earlier
            }
        }));
        chromium = started;
        return started;
    }

    /** Signs in with the development sign-in: {@code role} staff or admin, {@code store} (may be empty for an admin). */
    ConsoleBrowser signIn(String role, String store) {
        new Select(find("role")).selectByValue(role);
        type("store", store);
        press("#sign-in-form button[type=submit]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        return this;
    }

    /** Opens a screen from the navigation, as a person taps it. */
    ConsoleBrowser screen(String name) {
        driver.findElement(By.cssSelector("#nav a[href='#" + name + "']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("screen-" + name)));
        return this;
    }

    WebElement find(String id) { return driver.findElement(By.id(id)); }

    void type(String id, String text) {
        WebElement e = find(id);
        e.clear();
        e.sendKeys(text);
    }

    void press(String css) { driver.findElement(By.cssSelector(css)).click(); }

    /** Waits until the element's text holds {@code text}; returns the whole text. */
    String waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
        return find(id).getText();
    }

    /** The rows (their visible text) of a table. */
    List<String> rows(String tableId) {
        return find(tableId).findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText).toList();
    }

    /** The table's row holding {@code text}, once it shows. */
    WebElement rowWith(String tableId, String text) {
        // a screen redraws its tables when it refreshes: a row found just before is looked for again
        return wait.ignoring(StaleElementReferenceException.class).until(d -> find(tableId).findElements(By.cssSelector("tbody tr")).stream()
                .filter(r -> r.getText().contains(text)).findFirst().orElse(null));
    }

    void shot(String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** axe-core's serious and critical violations on the page as it stands (rule id, impact, what to fix, how many nodes). */
    List<String> accessibilityViolations() throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof axe !== 'undefined'"))) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(AXE)) {
                if (in == null) throw new IllegalStateException(AXE + " is not on the test classpath (org.webjars.npm:axe-core)");
                js.executeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Object json = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));");
        JsonNode violations = new ObjectMapper().readTree(String.valueOf(json));
        if (violations.has("error")) throw new IllegalStateException("axe-core failed: " + violations.get("error").asText());
        List<String> serious = new ArrayList<>();
        for (JsonNode v : violations) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                serious.add(v.get("id").asText() + " (" + impact + "): " + v.get("help").asText() + " x" + v.get("nodes").size()
                        + " e.g. " + v.get("nodes").get(0).get("html").asText());
            }
        }
        return serious;
    }

    /** The test is done with the console: the page is left (Chromium stays for the next test) and the gate closes. */
    @Override
    public void close() throws IOException {
        try {
            // what the page stored goes with it: a later gate may get this port, and so this origin, again
            ((ChromeDriver) driver).executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", "http://127.0.0.1:" + gate.port(), "storageTypes", "all"));
            driver.get("about:blank");
        } catch (WebDriverException e) {
            drop(); // a page that cannot be left (an open dialog) or a crashed browser: the next test starts a new one
        } finally {
            gate.stop();
        }
    }

    private static synchronized void drop() {
        if (chromium == null) return;
        try {
            chromium.quit();
        } catch (WebDriverException alreadyGone) {
            // nothing left to stop
        }
        chromium = null;
    }
}
