package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.ui.Ide.bytes;
import static dev.tandem.ui.Ide.editorContent;
import static dev.tandem.ui.Ide.openInTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The IDE in a real browser (Debian's Chromium driven by Playwright) against the real server:
 * sign in, create a workspace from a template, edit and save, reload, and a viewer who cannot edit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdeBrowserTest {

    private static final String ADMIN_PASSWORD = "admin-pass-ui-test";
    private static final String APP_JAVA = "src/main/java/com/example/app/App.java";

    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String home = Chromium.tempHome("tandem-ui-test");
        registry.add("tandem.home", () -> home);
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

    private BrowserContext context;

    @BeforeEach
    void newContext() {
        context = chromium.newContext();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void editSaveReloadAndAViewerCannotType() throws IOException {
        Page page = Chromium.signIn(context, url(""), "admin", ADMIN_PASSWORD);

        page.locator("#new-workspace").click();
        page.locator("#new-workspace-name input").fill("demo");
        page.locator("#new-workspace-template input").fill("java-maven");
        page.locator("#new-workspace-template input").press("Enter");
        page.locator("#new-workspace-create").click();
        page.waitForURL("**/workspaces/*");
        long id = Long.parseLong(page.url().replaceAll(".*/workspaces/(\\d+).*", "$1"));

        openInTree(page, APP_JAVA);
        Locator editor = editorContent(page, APP_JAVA);
        assertThat(editor).containsText("class App");
        // A live document: the server stores what is typed, no save needed (see CollabBrowserTest).
        // The editor is read-only until it has the room's text.
        assertThat(page.locator("tandem-editor[data-path='" + APP_JAVA + "']")).hasAttribute("data-collab", "live");
        editor.click();
        page.keyboard().press("Control+End");
        page.keyboard().type("\n// typed in the browser\n");
        assertThat(page.locator("#status-save")).hasAttribute("data-state", "live");
        page.keyboard().press("Control+s");
        assertThat(page.locator("vaadin-tab[data-path='" + APP_JAVA + "'] .dirty-mark")).isHidden();
        long deadline = System.currentTimeMillis() + 5000;
        while (!read("admin", id, APP_JAVA).contains("// typed in the browser") && System.currentTimeMillis() < deadline) {
            page.waitForTimeout(100);
        }
        assertThat(read("admin", id, APP_JAVA)).contains("// typed in the browser");

        page.locator("#user-name").click();
        assertThat(page.locator("#menu-users")).isVisible();
        page.keyboard().press("Escape");

        page.reload();
        assertThat(page.locator("vaadin-tab[data-path='" + APP_JAVA + "']")).isVisible();
        assertThat(editorContent(page, APP_JAVA)).containsText("// typed in the browser");
        assertThat(page.locator("#status-language")).hasText("Java");

        String veraName = Chromium.freshUserName("vera");
        users.create(veraName, "viewer-pass-1", false);
        workspaces.setMember("admin", id, veraName, Role.VIEWER);
        try (BrowserContext viewerContext = chromium.newContext()) {
            Page viewer = Chromium.signIn(viewerContext, url(""), veraName, "viewer-pass-1");
            viewer.navigate(url("/workspaces/" + id));
            assertThat(viewer.locator("#workspace-role")).hasText("viewer");
            openInTree(viewer, APP_JAVA);
            Locator viewerEditor = editorContent(viewer, APP_JAVA);
            assertThat(viewerEditor).containsText("// typed in the browser");
            viewerEditor.click();
            viewer.keyboard().type("VIEWER WAS HERE");
            viewer.keyboard().press("Control+s");
            assertThat(viewerEditor).not().containsText("VIEWER WAS HERE");
            assertThat(viewer.locator("#tree-new-file")).hasCount(0);
            assertThat(viewer.locator("#status-save")).hasAttribute("data-state", "read_only");

            viewer.locator("#user-name").click();
            assertThat(viewer.locator("#menu-tokens")).isVisible();
            assertThat(viewer.locator("#menu-users")).hasCount(0);
            viewer.locator("#menu-sign-out").click();
            viewer.waitForURL("**/login");
        }
        assertThat(read("admin", id, APP_JAVA)).doesNotContain("VIEWER WAS HERE");
    }

    @Test
    void theTreeLoadsALargeDirectoryOnlyWhenExpandedAndOnlyInPages() {
        long id = workspaces.create("admin", "big", null).id();
        for (int i = 0; i < 1000; i++) {
            files.write("admin", id, "big/file-%04d.txt".formatted(i), bytes("file " + i));
        }
        files.write("admin", id, "README.md", bytes("# big"));

        Page page = Chromium.signIn(context, url(""), "admin", ADMIN_PASSWORD);
        page.navigate(url("/workspaces/" + id));
        assertThat(page.locator("[data-path='README.md']")).isVisible();
        assertThat(page.locator("[data-path^='big/']")).hasCount(0);

        page.locator("[data-path='big']").click();
        assertThat(page.locator("[data-path='big/file-0000.txt']")).isVisible();
        int rendered = page.locator("[data-path^='big/']").count();
        assertThat(rendered).isPositive().isLessThan(200);
    }

    private String read(String username, long id, String path) throws IOException {
        try (InputStream in = files.open(username, id, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
