package com.xuqinmin.im.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium for the browser tests: Debian's {@code chromium} driven through its
 * {@code chromedriver} ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or
 * {@code -Dit.chromium=} / {@code -Dit.chromedriver=}). Nothing is downloaded. When either is missing
 * the test fails, never skips: {@code .ci/run} installs them.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser open() {
        Path chromium = Path.of(System.getProperty("it.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver"));
        for (Path p : new Path[] {chromium, chromedriver}) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: install Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver), as .ci/run does");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,760",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        return new Browser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    public Browser get(String path) {
        driver.get(ItEnv.http(path).toString());
        return this;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Clicks the element {@code css} selects, finding it again if the page re-rendered it between the find
     * and the click (the demo redraws its conversation list on every notice, e.g. a friend's presence),
     * and waiting for it to be there and shown.
     */
    public Browser clickOn(String css) {
        await(Duration.ofSeconds(15)).until(d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (org.openqa.selenium.ElementNotInteractableException notYet) {
                return false; // not shown yet, or covered for a moment
            }
        });
        return this;
    }

    public WebElement await(String css) {
        return await(Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public WebDriverWait await(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Types into the field labelled {@code label} (its {@code <label for>}): the tests find fields as a person does. */
    public Browser type(String label, String text) {
        WebElement field = labelled(label);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    public WebElement labelled(String label) {
        for (WebElement l : driver.findElements(By.tagName("label"))) {
            if (l.getText().trim().equals(label) && l.isDisplayed()) {
                return driver.findElement(By.id(l.getAttribute("for")));
            }
        }
        throw new AssertionError("no visible field labelled \"" + label + "\" on " + driver.getCurrentUrl());
    }

    /** Clicks the visible button whose text is {@code text}. */
    public Browser click(String text) {
        for (WebElement b : driver.findElements(By.tagName("button"))) {
            if (b.isDisplayed() && b.getText().trim().equals(text)) {
                b.click();
                return this;
            }
        }
        throw new AssertionError("no visible button \"" + text + "\" on " + driver.getCurrentUrl());
    }

    /** Goes offline (true) or back online: new connections fail, as with a lost network. */
    public void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Saves a screenshot of the page, scrolled to show {@code css} at the top, as {@code docs/images/{name}.png}. */
    public void screenshot(String name, String css) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", find(css));
        screenshot(name);
    }

    /** Saves a screenshot of the page as {@code docs/images/{name}.png}. */
    public void screenshot(String name) {
        Path dir = Path.of(System.getProperty("it.screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser console's errors (a CSP violation shows there), for the assertion message. */
    public String consoleErrors() {
        StringBuilder sb = new StringBuilder();
        try {
            for (var e : driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)) {
                sb.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n');
            }
        } catch (RuntimeException e) {
            sb.append("(no browser log: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
