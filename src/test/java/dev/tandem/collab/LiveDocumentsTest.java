package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.config.TandemException;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The live-document API for other services, with real Yjs clients in Node.js watching the room. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveDocumentsTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-live-docs-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    TokenService tokens;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;
    @Autowired
    LiveDocuments documents;

    String owner;
    String viewer;
    String token;
    long workspace;

    @BeforeEach
    void workspaceWithAViewer() {
        int n = SEQUENCE.incrementAndGet();
        owner = "liv" + n;
        viewer = "vie" + n;
        users.create(owner, "password-" + owner, false);
        users.create(viewer, "password-" + viewer, false);
        workspace = workspaces.create(owner, "live " + n, null).id();
        workspaces.setMember(owner, workspace, viewer, Role.VIEWER);
        token = tokens.create(owner, "test").token();
    }

    void write(String path, String text) {
        files.write(owner, workspace, path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    String onDisk(String path) throws IOException {
        return Files.readString(files.resolve(owner, workspace, path));
    }

    @Test
    void aServerEditReachesEveryClientDurablyAndTheirCursorsStayPut() throws Exception {
        write("src/Hello.java", "class Hello {\n  String s = \"hello\";\n}\n");
        String expected = "// header\nclass Hello {\n  String s = \"HELLO\";\n}\n";
        Map<String, Object> config = new HashMap<>();
        config.put("scenario", "serviceEdit");
        config.put("base", "ws://127.0.0.1:" + port + "/collab/" + workspace);
        config.put("file", "src/Hello.java");
        config.put("editorToken", token);
        config.put("cursorBefore", "String s");
        config.put("expected", expected);
        try (NodeClients clients = new NodeClients(config)) {
            assertThat(clients.readLine()).isEqualTo("READY");
            assertThat(documents.read(viewer, workspace, "src/Hello.java")).isEqualTo("class Hello {\n  String s = \"hello\";\n}\n");
            LiveDocuments.Edited edited = documents.edit(owner, workspace, "/src//Hello.java", List.of(
                    TextEdit.lsp(0, 0, 0, 0, "// header\n"),
                    TextEdit.lsp(1, 14, 1, 19, "HELLO")));
            assertThat(edited.live()).isTrue();
            assertThat(edited.text()).isEqualTo(expected);
            clients.tell("GO");
            JsonNode r = clients.result();
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("a").asText()).isEqualTo(expected);
            assertThat(r.get("b").asText()).isEqualTo(expected);
            assertThat(r.get("cursorText").asText()).startsWith("String s = \"HELLO\"");
        }
        // The edit is in the document's log and reaches the disk like typing does.
        long deadline = System.currentTimeMillis() + 3000;
        while (!onDisk("src/Hello.java").equals(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(onDisk("src/Hello.java")).isEqualTo(expected);
    }

    @Test
    void anEditJustBeforeAMoveIsInTheFileAtItsNewPlace() throws Exception {
        write("src/Hello.java", "class Hello {\n}\n");
        String expected = "class Hello {\n  int n;\n}\n";
        Map<String, Object> config = new HashMap<>();
        config.put("scenario", "serviceEdit");
        config.put("base", "ws://127.0.0.1:" + port + "/collab/" + workspace);
        config.put("file", "src/Hello.java");
        config.put("editorToken", token);
        config.put("cursorBefore", "}");
        config.put("expected", expected);
        try (NodeClients clients = new NodeClients(config)) {
            assertThat(clients.readLine()).isEqualTo("READY");
            assertThat(documents.edit(owner, workspace, "src/Hello.java", List.of(TextEdit.lsp(1, 0, 1, 0, "  int n;\n"))).live()).isTrue();
            // Moved before the room's delayed write: the moved file has the edit at once, not only once a room reopens it.
            files.move(owner, workspace, "src/Hello.java", "src/Greeting.java");
            assertThat(onDisk("src/Greeting.java")).isEqualTo(expected);
            assertThat(documents.read(owner, workspace, "src/Greeting.java")).isEqualTo(expected);
            clients.tell("GO");
            assertThat(clients.result().path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void withoutARoomTheFileIsEditedOnDisk() throws IOException {
        write("notes.txt", "one\r\ntwo\r\nthree");
        LiveDocuments.Edited edited = documents.edit(owner, workspace, "notes.txt", List.of(
                TextEdit.lsp(1, 0, 1, 99, "TWO"),
                TextEdit.replace(0, 0, ">"),
                TextEdit.lsp(2, 5, 2, 5, "!")));
        assertThat(edited.live()).isFalse();
        // The text is the editor's (LF); the file keeps its CRLF line breaks.
        assertThat(edited.text()).isEqualTo(">one\nTWO\nthree!");
        assertThat(onDisk("notes.txt")).isEqualTo(">one\r\nTWO\r\nthree!");
        assertThat(documents.read(owner, workspace, "notes.txt")).isEqualTo(">one\nTWO\nthree!");
    }

    @Test
    void withoutARoomAFileOfMixedLineBreaksIsReadWithLfAndWrittenWithItsCommonestKind() throws IOException {
        write("mixed.txt", "one\ntwo\r\nthree\n");
        assertThat(documents.read(owner, workspace, "mixed.txt")).isEqualTo("one\ntwo\nthree\n");
        LiveDocuments.Edited edited = documents.edit(owner, workspace, "mixed.txt", List.of(TextEdit.lsp(2, 0, 2, 5, "THREE")));
        assertThat(edited.text()).isEqualTo("one\ntwo\nTHREE\n");
        assertThat(onDisk("mixed.txt")).isEqualTo("one\ntwo\nTHREE\n");
    }

    @Test
    void viewersBadEditsAndMissingFilesChangeNothing() throws IOException {
        write("a.txt", "abc");
        assertThatThrownBy(() -> documents.edit(viewer, workspace, "a.txt", List.of(TextEdit.replace(0, 1, "x"))))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> documents.edit(owner, workspace, "a.txt", List.of(TextEdit.replace(0, 2, "x"), TextEdit.replace(1, 3, "y"))))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.getMessage()).contains("overlap"));
        assertThatThrownBy(() -> documents.edit(owner, workspace, "a.txt", List.of(TextEdit.replace(2, 9, "x"))))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> documents.edit(owner, workspace, "a.txt", List.of(TextEdit.lsp(3, 0, 3, 0, "x"))))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> documents.read(owner, workspace, "missing.txt"))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> documents.read(owner, workspace, "../escape.txt"))
                .isInstanceOf(TandemException.class);
        assertThat(onDisk("a.txt")).isEqualTo("abc");
    }
}
