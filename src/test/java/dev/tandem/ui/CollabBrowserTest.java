package dev.tandem.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.tandem.ui.Ide.bytes;
import static dev.tandem.ui.Ide.editorContent;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.tandem.security.UserService;
import dev.tandem.collab.Processes;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pair programming in two real browsers (two Playwright contexts, two users): A types, B sees the
 * text and A's cursor labelled with A's name; B follows A into another file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollabBrowserTest {

    @RegisterExtension
    static final Chromium chromium = new Chromium(Duration.ofSeconds(30));

    private static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = Path.of(Chromium.tempHome("tandem-collab-ui-test"));
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-collab-ui");
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
    void bSeesWhatATypesWithALabelledCursorAndFollowsAIntoAnotherFile() {
        String anaName = Chromium.freshUserName("ana");
        String benName = Chromium.freshUserName("ben");
        users.create(anaName, "ana-pass-12345", false);
        users.create(benName, "ben-pass-12345", false);
        long id = workspaces.create(anaName, "pair", null).id();
        workspaces.setMember(anaName, id, benName, Role.EDITOR);
        files.write(anaName, id, "one.txt", bytes("first file\n"));
        files.write(anaName, id, "two.txt", bytes("second file\n"));

        try (BrowserContext anaContext = chromium.newContext(); BrowserContext benContext = chromium.newContext()) {
            Page ana = Chromium.signIn(anaContext, url(""), anaName, "ana-pass-12345");
            Page ben = Chromium.signIn(benContext, url(""), benName, "ben-pass-12345");
            ana.navigate(url("/workspaces/" + id));
            ben.navigate(url("/workspaces/" + id));

            ana.locator("#file-tree [data-path='one.txt']").click();
            ben.locator("#file-tree [data-path='one.txt']").click();
            assertThat(ana.locator("tandem-editor[data-path='one.txt']")).hasAttribute("data-collab", "live");
            assertThat(ben.locator("tandem-editor[data-path='one.txt']")).hasAttribute("data-collab", "live");

            Locator anaEditor = editorContent(ana, "one.txt");
            anaEditor.click();
            ana.keyboard().press("Control+End");
            ana.keyboard().type("typed by ana");
            assertThat(editorContent(ben, "one.txt")).containsText("typed by ana");
            assertThat(ben.locator("tandem-editor[data-path='one.txt'] .cm-ySelectionInfo")).containsText(anaName);
            assertThat(ana.locator("#status-save")).hasAttribute("data-state", "live");

            // Ben follows Ana; Ana switches to the other file; Ben's IDE goes along.
            ben.locator("#presence button[data-name='" + anaName + "']").click();
            assertThat(ben.locator("#presence .following")).containsText(anaName);
            ana.locator("#file-tree [data-path='two.txt']").click();
            assertThat(ben.locator("vaadin-tab[data-path='two.txt']")).hasAttribute("selected", "");
            assertThat(editorContent(ben, "two.txt")).containsText("second file");
            // Ana sees that Ben has a file open: the dot in her tree.
            assertThat(ana.locator("#presence button[data-name='" + benName + "']")).isVisible();
        }
    }

    @Test
    void whenAnotherUserRenamesThenDeletesAnOpenFileTheTabFollowsThenCloses() {
        String caraName = Chromium.freshUserName("cara");
        String danName = Chromium.freshUserName("dan");
        users.create(caraName, "cara-pass-12345", false);
        users.create(danName, "dan-pass-12345", false);
        long id = workspaces.create(caraName, "moves", null).id();
        workspaces.setMember(caraName, id, danName, Role.EDITOR);
        files.write(caraName, id, "draft.txt", bytes("draft\n"));

        try (BrowserContext caraContext = chromium.newContext()) {
            Page cara = Chromium.signIn(caraContext, url(""), caraName, "cara-pass-12345");
            openLive(cara, id, "draft.txt");
            editorContent(cara, "draft.txt").click();
            cara.keyboard().press("Control+End");
            cara.keyboard().type("typed by cara");
            assertThat(cara.locator("#status-save")).hasAttribute("data-state", "live");

            // Dan renames the file (any client of the workspace service would do the same).
            files.move(danName, id, "draft.txt", "docs/final.txt");
            assertThat(cara.locator("vaadin-tab[data-path='docs/final.txt']")).hasAttribute("selected", "");
            assertThat(editorContent(cara, "docs/final.txt")).containsText("typed by cara");
            assertThat(cara.locator("vaadin-tab[data-path='draft.txt']")).hasCount(0);

            files.delete(danName, id, "docs/final.txt");
            assertThat(cara.locator("vaadin-tab[data-path='docs/final.txt']")).hasCount(0);
        }
    }

    /**
     * A tab whose socket was down while its file was deleted never hears the room's close; the server
     * refuses its next socket, and must do so in a way the browser can read (a final 4404 close, not an
     * HTTP 404, which a browser cannot tell from a lost network): the tab closes rather than reconnect
     * forever. The document server is killed to take the socket down, and the file deleted before the
     * browser can reconnect (a restart takes about a second).
     */
    @Test
    void aTabWhoseFileWasDeletedWhileItWasDisconnectedCloses() throws Exception {
        String eveName = Chromium.freshUserName("eve");
        users.create(eveName, "eve-pass-12345", false);
        long id = workspaces.create(eveName, "offline", null).id();
        files.write(eveName, id, "gone.txt", bytes("soon gone\n"));

        try (BrowserContext eveContext = chromium.newContext()) {
            Page eve = Chromium.signIn(eveContext, url(""), eveName, "eve-pass-12345");
            openLive(eve, id, "gone.txt");

            ProcessHandle documents = Processes.documentServer(home);
            documents.destroyForcibly();
            documents.onExit().get(10, TimeUnit.SECONDS);
            files.delete(eveName, id, "gone.txt");

            assertThat(eve.locator("vaadin-tab[data-path='gone.txt']")).hasCount(0);
        }
    }

    /** Opens the workspace's file in a tab and waits until its live document is synced. */
    private void openLive(Page page, long workspaceId, String path) {
        page.navigate(url("/workspaces/" + workspaceId));
        page.locator("#file-tree [data-path='" + path + "']").click();
        assertThat(page.locator("tandem-editor[data-path='" + path + "']")).hasAttribute("data-collab", "live");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
