package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The open IDE's file tree follows changes made behind its back — on disk (as a terminal, a build
 * or git would) and by another member through the file service — without a reload, keeping
 * expanded folders expanded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TreeRefreshBrowserTest {

    private static final String ADMIN_PASSWORD = "admin-pass-tree-test";
    private static final Path HOME = tempHome();

    private static Playwright playwright;
    private static Browser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tandem.home", HOME::toString);
        registry.add("tandem.admin-password", () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @BeforeAll
    static void launchBrowser() {
        Chromium.assumeAvailable();
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void filesCreatedAndDeletedElsewhereAppearAndDisappearWithoutAReload() throws IOException {
        users.create("tess", "tree-pass-1", false);
        users.create("otto", "tree-pass-2", false);
        long id = workspaces.create("tess", "live tree", null).id();
        workspaces.setMember("tess", id, "otto", Role.EDITOR);
        files.write("tess", id, "src/A.txt", bytes("a"));

        try (var context = browser.newContext()) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            page.navigate(url("/login"));
            page.locator("input[name='username']").fill("tess");
            page.locator("input[name='password']").fill("tree-pass-1");
            page.locator("input[name='password']").press("Enter");
            assertThat(page.locator("#user-name")).hasText("tess");
            page.navigate(url("/workspaces/" + id));
            page.locator("#file-tree [data-path='src']").click();
            assertThat(row(page, "src/A.txt")).isVisible();
            // A marker that a reload would wipe.
            page.evaluate("() => window.treeTestMarker = 'still here'");

            // On disk, as a terminal or a build would.
            Files.writeString(files.resolve("tess", id, "src/B.txt"), "b");
            assertThat(row(page, "src/B.txt")).isVisible();
            Files.createDirectories(files.resolve("tess", id, "docs"));
            assertThat(row(page, "docs")).isVisible();
            // The root changed; the expanded folder stays expanded.
            assertThat(row(page, "src/A.txt")).isVisible();

            // Another member, through the file service the REST API uses.
            files.write("otto", id, "src/C.txt", bytes("c"));
            assertThat(row(page, "src/C.txt")).isVisible();
            // Opening a file selects its row; refreshes of its folder and of the root keep it selected.
            row(page, "src/C.txt").click();
            assertThat(page.locator("vaadin-tab[data-path='src/C.txt']")).isVisible();
            assertSelected(page, "src/C.txt");

            Files.delete(files.resolve("tess", id, "src/B.txt"));
            assertThat(row(page, "src/B.txt")).hasCount(0);
            Files.move(files.resolve("tess", id, "src/A.txt"), files.resolve("tess", id, "src/Z.txt"));
            assertThat(row(page, "src/Z.txt")).isVisible();
            assertThat(row(page, "src/A.txt")).hasCount(0);
            assertThat(row(page, "src/C.txt")).isVisible();
            assertSelected(page, "src/C.txt");

            // A folder removed with everything in it goes, and comes back empty when re-created.
            files.write("otto", id, "docs/guide.md", bytes("# guide"));
            page.locator("#file-tree [data-path='docs']").click();
            assertThat(row(page, "docs/guide.md")).isVisible();
            Files.delete(files.resolve("tess", id, "docs/guide.md"));
            Files.delete(files.resolve("tess", id, "docs"));
            assertThat(row(page, "docs")).hasCount(0);
            assertThat(row(page, "docs/guide.md")).hasCount(0);

            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.treeTestMarker")).isEqualTo("still here");
        }
    }

    /** The grid marks the selected row's {@code tr} (in its shadow DOM) with {@code selected}. */
    private static void assertSelected(Page page, String path) {
        String script = "el => el.closest('vaadin-grid-cell-content').assignedSlot.closest('tr').hasAttribute('selected')";
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Boolean.TRUE.equals(row(page, path).evaluate(script)) && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(100);
        }
        org.assertj.core.api.Assertions.assertThat(row(page, path).evaluate(script)).as("%s selected", path).isEqualTo(true);
    }

    private static Locator row(Page page, String path) {
        return page.locator("#file-tree [data-path='" + path + "']");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("tandem-tree-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
