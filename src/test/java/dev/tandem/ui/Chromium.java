package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium under Playwright for one browser test class, registered as
 * {@code @RegisterExtension static final Chromium chromium = new Chromium(timeout)}: launched once
 * before the class's tests, closed after them, with what every browser test does in it.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback {

    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private final Duration timeout;
    private Playwright playwright;
    private Browser browser;

    /**
     * @param timeout for every action and assertion: a cold server on a busy build machine takes
     *     seconds for its first pages, so browser tests wait generously.
     */
    public Chromium(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Skips the test class unless the server has its production frontend bundle (a
     * {@code -DskipFrontend} run has none to serve) and Chromium is installed. The flags keep the
     * browser from reaching for hosts this machine's closed network refuses.
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(Chromium.class.getResource("/META-INF/VAADIN/config/flow-build-info.json") != null,
                "needs the production frontend bundle: run with the production profile");
        assumeTrue(Files.isExecutable(EXECUTABLE), "needs /usr/bin/chromium");
        PlaywrightAssertions.setDefaultAssertionTimeout(timeout.toMillis());
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (playwright != null) {
            playwright.close();
        }
    }

    /** A fresh context (its own cookies: one signed-in user) with this class's timeout. */
    public BrowserContext newContext() {
        BrowserContext context = browser.newContext();
        context.setDefaultTimeout(timeout.toMillis());
        context.setDefaultNavigationTimeout(timeout.toMillis());
        return context;
    }

    /** Signs in on the login view of the server at {@code baseUrl}; answers the page, on the dashboard. */
    public static Page signIn(BrowserContext context, String baseUrl, String username, String password) {
        Page page = context.newPage();
        page.navigate(baseUrl + "/login");
        page.locator("input[name='username']").fill(username);
        page.locator("input[name='password']").fill(password);
        // Enter submits both Vaadin's login form and Spring Security's plain one.
        page.locator("input[name='password']").press("Enter");
        assertThat(page.locator("#user-name")).hasText(username);
        return page;
    }

    /**
     * A fresh data directory for a test server. Searchable by others: when tests run as root, the
     * sandbox user of terminals and builds must reach the workspaces in it.
     */
    public static String tempHome(String prefix) {
        try {
            return Files.createTempDirectory(prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A user name no earlier attempt has taken: surefire runs a failed browser test once more against the
     * same database, where the first attempt's users still exist.
     */
    public static String freshUserName(String base) {
        return base + (System.nanoTime() % 100_000) + "x" + NAMES.incrementAndGet();
    }
}
