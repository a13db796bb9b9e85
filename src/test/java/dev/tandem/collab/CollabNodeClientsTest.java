package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stock Yjs clients (yjs + y-websocket's provider, in Node.js) against the real server: the
 * y-websocket protocol, roles, bad input, offline merging and the disk bridge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollabNodeClientsTest {

    static final int MAX_MESSAGE = 256 * 1024;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-collab-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
        registry.add("tandem.collab.max-message-size", () -> MAX_MESSAGE + "B");
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
    JoinLinks joinLinks;

    String owner;
    String editorToken;
    String viewerToken;
    long workspace;

    @BeforeEach
    void workspaceWithAnEditorAndAViewer() {
        int n = SEQUENCE.incrementAndGet();
        owner = "ana" + n;
        String viewer = "vic" + n;
        users.create(owner, "password-" + owner, false);
        users.create(viewer, "password-" + viewer, false);
        workspace = workspaces.create(owner, "pair " + n, null).id();
        workspaces.setMember(owner, workspace, viewer, Role.VIEWER);
        editorToken = tokens.create(owner, "test").token();
        viewerToken = tokens.create(viewer, "test").token();
    }

    void write(String path, String text) {
        files.write(owner, workspace, path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    Map<String, Object> config(String scenario, String file) {
        Map<String, Object> config = new HashMap<>();
        config.put("scenario", scenario);
        config.put("base", "ws://127.0.0.1:" + port + "/collab/" + workspace);
        config.put("file", file);
        config.put("editorToken", editorToken);
        config.put("viewerToken", viewerToken);
        return config;
    }

    @Test
    void twoClientsTypingAtTheSamePlaceConvergeAndALateJoinerGetsEverything() throws IOException {
        write("src/Main.java", "class Main {}\n");
        JsonNode r = NodeClients.run(config("converge", "src/Main.java"));
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("initial").asText()).isEqualTo("class Main {}\n");
        String a = r.get("a").asText();
        assertThat(a).isEqualTo(r.get("b").asText()).isEqualTo(r.get("late").asText()).endsWith("class Main {}\n");
        assertThat(a.chars().filter(c -> c == 'a').count() - 2).isEqualTo(60);
        assertThat(a.chars().filter(c -> c == 'b').count()).isEqualTo(60);
    }

    @Test
    void aViewersUpdateIsRefused() throws IOException {
        write("notes.md", "# Notes\n");
        JsonNode r = NodeClients.run(config("viewer", "notes.md"));
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("editor").asText()).isEqualTo("# Notes\n+editor");
        assertThat(r.get("late").asText()).isEqualTo("# Notes\n+editor");
        assertThat(r.get("viewer").asText()).contains("VIEWER-WAS-HERE");
    }

    @Test
    void aMalformedOrOversizedMessageClosesOnlyItsOwnConnection() throws IOException {
        write("a.txt", "text");
        Map<String, Object> config = config("malformed", "a.txt");
        config.put("oversize", MAX_MESSAGE + 1);
        JsonNode r = NodeClients.run(config);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("bad").get("code").asInt()).isEqualTo(1007);
        assertThat(r.get("bad").get("reason").asText()).startsWith("Malformed message");
        assertThat(r.get("unknown").get("code").asInt()).isEqualTo(1007);
        assertThat(r.get("unknown").get("reason").asText()).contains("unknown message type 42");
        assertThat(r.get("big").get("code").asInt()).isEqualTo(1009);
        assertThat(r.get("big").get("reason").asText()).contains("exceeded max message size of " + MAX_MESSAGE);
        assertThat(r.get("a").asText()).isEqualTo("still alive text").isEqualTo(r.get("b").asText());
        assertThat(r.get("aCloses")).isEmpty();
        assertThat(r.get("bCloses")).isEmpty();
    }

    @Test
    void editsMadeOfflineMergeOnReconnect() throws IOException {
        write("merge.txt", "base");
        JsonNode r = NodeClients.run(config("offline", "merge.txt"));
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("aWhileOffline").asText()).isEqualTo("[online]base");
        assertThat(r.get("a").asText()).isEqualTo("[online]base[offline]")
                .isEqualTo(r.get("b").asText()).isEqualTo(r.get("late").asText());
    }

    @Test
    void aChangeOnDiskAppearsInConnectedClientsAndTheirEditsReachTheDisk() throws IOException {
        String text = "first line\nthe middle line\nlast line\n";
        write("disk.txt", text);
        Map<String, Object> config = config("disk", "disk.txt");
        config.put("diskPath", files.resolve(owner, workspace, "disk.txt").toString());
        JsonNode r = NodeClients.run(config);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        String changed = "first line\nthe MIDDLE (changed on disk) line\nlast line\n";
        assertThat(r.get("changed").asText()).as(r.toString()).isEqualTo(changed);
        assertThat(r.get("b").asText()).isEqualTo("// typed\n" + changed);
        assertThat(r.get("disk").asText()).isEqualTo("// typed\n" + changed);
        assertThat(r.get("clientToDiskMs").asLong()).isLessThanOrEqualTo(1000);
    }

    @Test
    void theDiskKeepsUpWithTypingThatNeverPauses() throws IOException {
        write("typing.txt", "");
        Map<String, Object> config = config("diskWhileTyping", "typing.txt");
        config.put("diskPath", files.resolve(owner, workspace, "typing.txt").toString());
        JsonNode r = NodeClients.run(config);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("disk").asText()).isEqualTo(r.get("a").asText()).hasSize(r.get("edits").asInt());
        // The debounce waits for a pause only up to disk-write-max-delay (700 ms) and one clock tick
        // (100 ms): the bound is 1 s.
        assertThat(r.get("worstDiskLagMs").asLong()).as(r.toString()).isLessThanOrEqualTo(1000);
    }

    @Test
    void aDiskChangeWhileAClientTypesKeepsBoth() throws IOException {
        String text = "first line\nthe middle line\nlast line\n";
        write("merge-disk.txt", text);
        Map<String, Object> config = config("diskMerge", "merge-disk.txt");
        config.put("diskPath", files.resolve(owner, workspace, "merge-disk.txt").toString());
        config.put("typed", "// typed\n");
        config.put("find", "last line");
        config.put("replace", "LAST LINE (from git)");
        String expected = "// typed\nfirst line\nthe middle line\nLAST LINE (from git)\n";
        config.put("expected", expected);
        JsonNode r = NodeClients.run(config);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("a").asText()).isEqualTo(expected);
        assertThat(r.get("disk").asText()).isEqualTo(expected);
    }

    @Test
    void crlfFilesShowLfAndKeepCrlfOnDisk() throws IOException {
        typeAtTheEnd("windows.txt", "one\r\ntwo\r\n", "three\nfour\n",
                "one\ntwo\n", "one\r\ntwo\r\nthree\r\nfour\r\n");
    }

    @Test
    void mixedLineBreaksShowLfAndTheCommonestKindIsWrittenBack() throws IOException {
        // Two CRLF, one LF, one lone CR: Y.Text must hold what CodeMirror counts, one character a break.
        typeAtTheEnd("mixed.txt", "one\r\ntwo\nthree\r\nfour\rfive", "\nsix\n",
                "one\ntwo\nthree\nfour\nfive", "one\r\ntwo\r\nthree\r\nfour\r\nfive\r\nsix\r\n");
    }

    /** A client opens {@code file} holding {@code onDisk}, sees {@code shown}, types {@code typed} at the end; the disk ends as {@code expectedDisk}. */
    private void typeAtTheEnd(String file, String onDisk, String typed, String shown, String expectedDisk) throws IOException {
        write(file, onDisk);
        Map<String, Object> config = config("lineBreaks", file);
        config.put("diskPath", files.resolve(owner, workspace, file).toString());
        config.put("typed", typed);
        config.put("expectedDisk", expectedDisk);
        JsonNode r = NodeClients.run(config);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("initial").asText()).isEqualTo(shown);
        assertThat(r.get("a").asText()).isEqualTo(shown + typed);
        assertThat(r.get("disk").asText()).isEqualTo(expectedDisk);
    }

    @Test
    void anOpenFileMovedAndDeletedByAnotherUserMovesThenClosesItsRoom() throws IOException {
        String bob = "bob" + SEQUENCE.incrementAndGet();
        users.create(bob, "password-" + bob, false);
        workspaces.setMember(owner, workspace, bob, Role.EDITOR);
        write("old/Name.java", "class Name {}\n");
        try (NodeClients clients = new NodeClients(config("moveAndDelete", "old/Name.java"))) {
            assertThat(clients.readLine()).isEqualTo("READY");
            files.move(bob, workspace, "old/Name.java", "renamed/Other.java");
            clients.tell("GO");
            assertThat(clients.readLine()).isEqualTo("MOVED");
            files.delete(bob, workspace, "renamed/Other.java");
            clients.tell("GO");
            JsonNode r = clients.result();
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("moved").get("reason").asText()).isEqualTo("moved:renamed/Other.java");
            assertThat(r.get("textAtNewPath").asText()).isEqualTo("typed before the move\nclass Name {}\n");
            assertThat(r.get("deleted").get("reason").asText()).isEqualTo("deleted");
            assertThat(r.get("reconnectedAfterDelete").asBoolean()).isFalse();
        }
    }

    @Test
    void joinLinksAddMembersWithTheirRoleUntilRevoked() {
        String guest = "gus" + SEQUENCE.incrementAndGet();
        users.create(guest, "password-" + guest, false);
        JoinLinks.Created link = joinLinks.create(owner, workspace, Role.VIEWER, java.time.Duration.ofHours(1));
        assertThat(joinLinks.join(guest, link.secret())).isEqualTo(workspace);
        assertThat(workspaces.roleOf(guest, workspace)).isEqualTo(Role.VIEWER);
        // The owner keeps a higher role than the link offers.
        joinLinks.join(owner, link.secret());
        assertThat(workspaces.roleOf(owner, workspace)).isEqualTo(Role.OWNER);
        joinLinks.revoke(owner, workspace, link.id());
        String late = "lat" + SEQUENCE.incrementAndGet();
        users.create(late, "password-" + late, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> joinLinks.join(late, link.secret()))
                .isInstanceOf(dev.tandem.config.TandemException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> joinLinks.create(guest, workspace, Role.EDITOR, java.time.Duration.ofHours(1)))
                .isInstanceOf(dev.tandem.config.TandemException.class);
        assertThat(joinLinks.list(owner, workspace)).singleElement().matches(JoinLinks.Link::revoked);
    }
}
