package dev.unifiedcommerce.console;

import dev.unifiedcommerce.local.LocalGate;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static dev.unifiedcommerce.support.Api.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The store console in real Chromium (Debian's chromium and chromium-driver, headless), opened through the local
 * front door as a tablet would: sign in as a store's staff, find a SKU's stock in every location. Screenshots of each
 * step go to target/console-shots/. Without the browser the test is skipped; under CI=true a missing browser fails.
 */
@QuarkusTest
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver"), SHOTS = Path.of("target/console-shots");

    LocalGate gate;
    WebDriver browser;

    @BeforeEach
    void open() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            if ("true".equals(System.getenv("CI"))) fail("CI runs the browser tests: .ci/run installs chromium and chromium-driver");
            Assumptions.abort("browser tests skipped: apt-get install chromium chromium-driver to run them");
        }
        gate = LocalGate.start(0, RestAssured.port, Path.of("src/console"));
        System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // never Selenium Manager: it would download a driver
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1024,768",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
        browser = new ChromeDriver(options);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) browser.quit();
        if (gate != null) gate.stop();
    }

    @Test
    void staffSignInAndFindASkusStockInEveryLocation() throws IOException {
        String[] s = seeded(7);
        browser.get("http://127.0.0.1:" + gate.port() + "/console/");
        new Select(browser.findElement(By.id("role"))).selectByValue("staff");
        browser.findElement(By.id("store")).clear();
        browser.findElement(By.id("store")).sendKeys(s[1]);
        shot("01-sign-in");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sku")));
        assertThat(browser.findElement(By.id("who")).getText()).contains(s[1]);

        browser.findElement(By.id("sku")).sendKeys(s[0]);
        browser.findElement(By.cssSelector("#stock-form button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stock-table")));
        var row = browser.findElements(By.cssSelector("#stock-table tbody tr")).stream()
                .map(r -> r.getText()).filter(t -> t.startsWith(s[1])).findFirst().orElseThrow();
        assertThat(row).contains(s[1] + " 7 0 7 Yes");
        shot("02-stock");
    }

    @Test
    void anUnknownSkuIsSaidInPlainWordsNextToItsField() throws IOException {
        browser.get("http://127.0.0.1:" + gate.port() + "/console/");
        new Select(browser.findElement(By.id("role"))).selectByValue("admin");
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sku")));
        browser.findElement(By.id("sku")).sendKeys("NO-SUCH-SKU");
        browser.findElement(By.cssSelector("#stock-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sku-error"), "NO-SUCH-SKU"));
        assertThat(browser.findElement(By.id("sku")).getAttribute("aria-invalid")).isEqualTo("true");
        shot("03-unknown-sku");
    }

    private void shot(String name) throws IOException {
        Path png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
