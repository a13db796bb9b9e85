package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.ui.Ide.bytes;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A build started from the IDE in a real browser: the live log streams in through Push, then the result shows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BuildBrowserTest {

    private static final String ADMIN_PASSWORD = "admin-pass-build-ui";
    // A build's first page and first build on a cold server on a loaded machine can take long.
    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(120));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-build-ui-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @Test
    void aBuildStartedInTheIdeShowsItsLiveLogAndResult() {
        long id = workspaces.create("admin", "built-in-browser", null).id();
        files.write("admin", id, "buildspec.yml", bytes("""
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo first-line-from-build
                      - sleep 3
                      - echo last-line-from-build
                      - mkdir -p reports
                      # build 1: two tests pass; build 2: one of them fails
                      - |
                        if [ "$CODEBUILD_BUILD_NUMBER" = 1 ]; then second='<testcase classname="t.T" name="two"/>';
                        else second='<testcase classname="t.T" name="two"><failure message="broke in build 2">at t.T</failure></testcase>'; fi
                        printf '<testsuite name="t" tests="2"><testcase classname="t.T" name="one"/>%s</testsuite>' "$second" > reports/TEST-t.xml
                reports:
                  unit:
                    files: ['reports/TEST-*.xml']
                """));
        try (BrowserContext context = chromium.newContext()) {
            String server = "http://localhost:" + port;
            Page page = Chromium.signIn(context, server, "admin", ADMIN_PASSWORD);
            page.navigate(server + "/workspaces/" + id);

            page.locator("#build-button").click();
            // the first line arrives while the build still runs (it sleeps before the last line)
            assertThat(page.locator("#build-log")).containsText("first-line-from-build");
            assertThat(page.locator("#build-summary")).hasAttribute("data-status", "IN_PROGRESS");
            assertThat(page.locator("#build-log")).containsText("last-line-from-build");
            assertThat(page.locator("#build-summary")).hasAttribute("data-status", "SUCCEEDED");
            assertThat(page.locator("#status-build")).containsText("succeeded");
            assertThat(page.locator("#build-history")).containsText("#1");

            // the keyboard shortcut starts the next build
            page.locator("#build-log").click();
            page.keyboard().press("Control+Shift+B");
            assertThat(page.locator("#build-summary")).containsText("Build #2");
            assertThat(page.locator("#build-summary")).hasAttribute("data-status", "SUCCEEDED");

            // the reports: the failing test with its message, and the trend over both builds
            page.locator("#build-tabs vaadin-tab", new Page.LocatorOptions().setHasText("Reports")).click();
            assertThat(page.locator("#build-report-summary")).containsText("2 tests: 1 passed, 1 failed");
            assertThat(page.locator("#build-report-cases")).containsText("broke in build 2");
            Locator bars = page.locator("#build-trend .build-trend-bar");
            assertThat(bars).hasCount(2);
            assertThat(bars.nth(0)).hasAttribute("title", "#1: 2 passed, 0 failed");
            assertThat(bars.nth(1)).hasAttribute("title", "#2: 1 passed, 1 failed");
        }
    }
}
