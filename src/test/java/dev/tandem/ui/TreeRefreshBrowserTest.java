package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.ui.Ide.bytes;
import static dev.tandem.ui.Ide.treeRow;

import com.microsoft.playwright.Page;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-tree-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> "admin-pass-tree-test");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @Test
    void filesCreatedAndDeletedElsewhereAppearAndDisappearWithoutAReload() throws IOException {
        String tessName = Chromium.freshUserName("tess");
        String ottoName = Chromium.freshUserName("otto");
        users.create(tessName, "tree-pass-1", false);
        users.create(ottoName, "tree-pass-2", false);
        long id = workspaces.create(tessName, "live tree", null).id();
        workspaces.setMember(tessName, id, ottoName, Role.EDITOR);
        files.write(tessName, id, "src/A.txt", bytes("a"));

        try (var context = chromium.newContext()) {
            Page page = Chromium.signIn(context, url(""), tessName, "tree-pass-1");
            page.navigate(url("/workspaces/" + id));
            treeRow(page, "src").click();
            assertThat(treeRow(page, "src/A.txt")).isVisible();
            // A marker that a reload would wipe.
            page.evaluate("() => window.treeTestMarker = 'still here'");

            // On disk, as a terminal or a build would.
            Files.writeString(files.resolve(tessName, id, "src/B.txt"), "b");
            assertThat(treeRow(page, "src/B.txt")).isVisible();
            Files.createDirectories(files.resolve(tessName, id, "docs"));
            assertThat(treeRow(page, "docs")).isVisible();
            // The root changed; the expanded folder stays expanded.
            assertThat(treeRow(page, "src/A.txt")).isVisible();

            // Another member, through the file service the REST API uses.
            files.write(ottoName, id, "src/C.txt", bytes("c"));
            assertThat(treeRow(page, "src/C.txt")).isVisible();
            // Opening a file selects its row; refreshes of its folder and of the root keep it selected.
            treeRow(page, "src/C.txt").click();
            assertThat(page.locator("vaadin-tab[data-path='src/C.txt']")).isVisible();
            assertSelected(page, "src/C.txt");

            Files.delete(files.resolve(tessName, id, "src/B.txt"));
            assertThat(treeRow(page, "src/B.txt")).hasCount(0);
            Files.move(files.resolve(tessName, id, "src/A.txt"), files.resolve(tessName, id, "src/Z.txt"));
            assertThat(treeRow(page, "src/Z.txt")).isVisible();
            assertThat(treeRow(page, "src/A.txt")).hasCount(0);
            assertThat(treeRow(page, "src/C.txt")).isVisible();
            assertSelected(page, "src/C.txt");

            // A folder removed with everything in it goes, and comes back empty when re-created.
            files.write(ottoName, id, "docs/guide.md", bytes("# guide"));
            treeRow(page, "docs").click();
            assertThat(treeRow(page, "docs/guide.md")).isVisible();
            Files.delete(files.resolve(tessName, id, "docs/guide.md"));
            Files.delete(files.resolve(tessName, id, "docs"));
            assertThat(treeRow(page, "docs")).hasCount(0);
            assertThat(treeRow(page, "docs/guide.md")).hasCount(0);

            org.assertj.core.api.Assertions.assertThat(page.evaluate("() => window.treeTestMarker")).isEqualTo("still here");
        }
    }

    /** The grid marks the selected row's {@code tr} (in its shadow DOM) with {@code selected}. */
    private static void assertSelected(Page page, String path) {
        String script = "el => el.closest('vaadin-grid-cell-content').assignedSlot.closest('tr').hasAttribute('selected')";
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Boolean.TRUE.equals(treeRow(page, path).evaluate(script)) && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(100);
        }
        org.assertj.core.api.Assertions.assertThat(treeRow(page, path).evaluate(script)).as("%s selected", path).isEqualTo(true);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
