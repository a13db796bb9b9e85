package dev.tandem.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's Chromium under Playwright, launched the same way by every browser test. */
public final class Chromium {

    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /**
     * Skips the calling test class unless the server has its production frontend bundle (a
     * {@code -DskipFrontend} run has none to serve) and Chromium is installed.
     */
    public static void assumeAvailable() {
        assumeTrue(Chromium.class.getResource("/META-INF/VAADIN/config/flow-build-info.json") != null,
                "needs the production frontend bundle: run with the production profile");
        assumeTrue(Files.isExecutable(EXECUTABLE), "needs /usr/bin/chromium");
    }

    /**
     * Launches a headless Chromium. The flags keep it from reaching for hosts this machine's closed
     * network refuses (background networking, component updates, sync).
     */
    public static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }
}
