package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The writes of a file that do not wait for the write delay (ten minutes here, so that only they
 * can have written it). After a {@code kill -9} of the document server, the last edits of a file,
 * which only its log held (a file follows its document a little late), reach the file on disk
 * without anyone opening it again: the IDE server starts a new document server by itself, which
 * writes them out. Until then the terminal, git and builds would read the old text. And a room
 * unloaded a while after its last client left writes its file, and reopens with every edit once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DocumentServerCatchUpTest {

    private static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("tandem-catch-up-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
        // The killed server would have written the file long after the test: only the catch-up
        // and unloading write it.
        registry.add("tandem.collab.disk-write-delay", () -> "10m");
        registry.add("tandem.collab.disk-write-max-delay", () -> "10m");
        registry.add("tandem.collab.idle-unload", () -> "300ms");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    LiveDocuments documents;
    @Autowired
    UserService users;
    @Autowired
    TokenService tokens;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;

    @Test
    void theLastEditsOfAKilledDocumentServerReachTheFileWithoutAnyoneOpeningIt() throws Exception {
        Owned owned = newWorkspaceWith("notes.txt", "before");
        String owner = owned.owner();
        long workspace = owned.workspace();
        Path file = files.resolve(owner, workspace, "notes.txt");

        DocumentServerTest.Socket socket = DocumentServerTest.Socket.open(http, port, workspace, "notes.txt",
                tokens.create(owner, "test").token());
        socket.sendInsert("typed ");
        // Once the live document has it, the log has it: a room logs an edit before anything else sees it.
        String live = awaitLive(owned, text -> text.contains("typed "));
        assertThat(live).contains("typed ").contains("before");
        assertThat(Files.readString(file)).isEqualTo("before");

        ProcessHandle killed = Processes.documentServer(home);
        killed.destroyForcibly();
        killed.onExit().get(20, TimeUnit.SECONDS);
        awaitFile(file, live, 30);
        assertThat(Processes.documentServer(home).pid()).isNotEqualTo(killed.pid());
    }

    @Test
    void anUnloadedRoomWritesItsFileAndReopensWithEveryEditOnce() throws Exception {
        Owned owned = newWorkspaceWith("notes.txt", "before");
        Path file = files.resolve(owned.owner(), owned.workspace(), "notes.txt");
        String token = tokens.create(owned.owner(), "test").token();

        List<String> pieces = new ArrayList<>(List.of("before"));
        for (String typed : List.of("one ", "two ", "three ")) {
            DocumentServerTest.Socket socket = DocumentServerTest.Socket.open(http, port, owned.workspace(), "notes.txt", token);
            // Typed into an empty document of its own: Yjs orders it before or after the text by client id.
            socket.sendInsert(typed);
            pieces.add(typed);
            int length = pieces.stream().mapToInt(String::length).sum();
            String live = awaitLive(owned, text -> text.length() == length);
            assertThat(live).hasSize(length);
            for (String piece : pieces) {
                assertThat(live.split(Pattern.quote(piece), -1)).as("%s once in %s", piece, live).hasSize(2);
            }
            socket.close();
            // Unless the room unloaded, nothing writes the file within the write delay.
            awaitFile(file, live, 10);
        }
    }

    /** Where the catch-up may write: existing files inside their workspace, nothing else, and it creates nothing. */
    @Test
    void filesAreLocatedForTheCatchUpOnlyWhereTheyExistInsideTheirWorkspace() throws Exception {
        Owned owned = newWorkspaceWith("src/a.txt", "a");
        String owner = owned.owner();
        long workspace = owned.workspace();
        Path root = files.resolve(owner, workspace, "");
        Path outside = Files.createTempDirectory("tandem-outside");
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("link"), outside);

        assertThat(files.locateExisting(workspace, "src/a.txt")).contains(files.resolve(owner, workspace, "src/a.txt"));
        assertThat(files.locateExisting(workspace, "src/missing.txt")).isEmpty();
        assertThat(files.locateExisting(workspace, "src")).as("a folder").isEmpty();
        assertThat(files.locateExisting(workspace, "../" + workspace + "/src/a.txt")).isEmpty();
        assertThat(files.locateExisting(workspace, "link/secret.txt")).isEmpty();
        long unknown = workspace + 1000;
        assertThat(files.locateExisting(unknown, "src/a.txt")).isEmpty();
        assertThat(root.resolveSibling(Long.toString(unknown))).doesNotExist();
    }

    private record Owned(String owner, long workspace) {
    }

    /** A new user owning a new workspace that holds one file. */
    private Owned newWorkspaceWith(String path, String text) {
        String owner = "catchup" + System.nanoTime();
        users.create(owner, "password-" + owner, false);
        long workspace = workspaces.create(owner, "catch-up", null).id();
        files.write(owner, workspace, path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return new Owned(owner, workspace);
    }

    /** Waits up to 10 s for the live text of notes.txt to be {@code done}, and answers it (the caller asserts). */
    private String awaitLive(Owned owned, Predicate<String> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        String text = documents.read(owned.owner(), owned.workspace(), "notes.txt");
        while (!done.test(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            text = documents.read(owned.owner(), owned.workspace(), "notes.txt");
        }
        return text;
    }

    /** Waits up to {@code seconds} for {@code file} to hold exactly {@code text}, and asserts that it does. */
    private static void awaitFile(Path file, String text, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!Files.readString(file).equals(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(file)).isEqualTo(text);
    }
}
