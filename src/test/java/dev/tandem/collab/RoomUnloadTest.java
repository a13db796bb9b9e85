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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A room unloads a while after its last client leaves: it writes its file out, and when someone
 * opens the file again the room comes back from its log with the same text, nothing doubled, as
 * often as that happens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RoomUnloadTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-unload-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
        registry.add("tandem.collab.idle-unload", () -> "300ms");
        // Only the unload writes the file during the test.
        registry.add("tandem.collab.disk-write-delay", () -> "10m");
        registry.add("tandem.collab.disk-write-max-delay", () -> "10m");
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
    void anUnloadedRoomWritesItsFileAndComesBackFromItsLogWithNothingDoubled() throws Exception {
        String owner = "unload" + System.nanoTime();
        users.create(owner, "password-" + owner, false);
        long workspace = workspaces.create(owner, "unload", null).id();
        files.write(owner, workspace, "notes.txt", new ByteArrayInputStream("before".getBytes(StandardCharsets.UTF_8)));
        Path file = files.resolve(owner, workspace, "notes.txt");
        String token = tokens.create(owner, "test").token();

        List<String> pieces = new ArrayList<>(List.of("before"));
        for (String typed : List.of("one ", "two ", "three ")) {
            DocumentServerTest.Socket socket = DocumentServerTest.Socket.open(http, port, workspace, "notes.txt", token);
            // Typed into an empty document of its own: Yjs orders it before or after the text by client id.
            socket.sendInsert(typed);
            pieces.add(typed);
            String live = awaitLength(owner, workspace, pieces.stream().mapToInt(String::length).sum());
            for (String piece : pieces) {
                assertThat(live.split(Pattern.quote(piece), -1)).as("%s once in %s", piece, live).hasSize(2);
            }
            socket.close();
            awaitFile(file, live);
        }
    }

    /** Waits up to 10 s for the live document to be {@code length} long, and answers its text. */
    private String awaitLength(String owner, long workspace, int length) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (documents.read(owner, workspace, "notes.txt").length() != length && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        String live = documents.read(owner, workspace, "notes.txt");
        assertThat(live).hasSize(length);
        return live;
    }

    /** The file holds {@code expected} within 10 s: written by the unload, as the write delay is 10 minutes. */
    private static void awaitFile(Path file, String expected) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.readString(file).equals(expected) && System.currentTimeMillis() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertThat(Files.readString(file)).isEqualTo(expected);
    }
}
