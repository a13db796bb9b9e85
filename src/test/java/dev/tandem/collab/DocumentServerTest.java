package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The document server as its own process: the calls between it and the IDE server need the
 * secret; one that dies is started again on the next use, and sockets reach it again through the
 * IDE server; it ends when the IDE server stops. The last test stops it, so the context is not reused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocumentServerTest {

    private static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("tandem-document-server-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    DocumentServerProcess server;
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

    String owner;
    String token;
    long workspace;

    @BeforeEach
    void workspaceWithAFile() {
        owner = "docs" + System.nanoTime();
        users.create(owner, "password-" + owner, false);
        workspace = workspaces.create(owner, "docs", null).id();
        token = tokens.create(owner, "test").token();
        files.write(owner, workspace, "a.txt", new ByteArrayInputStream("before".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @Order(1)
    void theCallsBetweenTheTwoServersNeedTheSecret() throws Exception {
        String role = "/internal/collab/role?username=" + owner + "&workspace=" + workspace;
        assertThat(get(port, role, null, null)).isEqualTo(403);
        assertThat(get(port, role, InternalCalls.SECRET_HEADER, "not-the-secret")).isEqualTo(403);
        // A valid token of a member does not stand in for the secret.
        String admit = "/internal/collab/admit?uri=%2Fcollab%2F" + workspace + "%2Fa.txt";
        assertThat(get(port, admit, "Authorization", "Bearer " + token)).isEqualTo(403);

        Lib0Encoder edit = new Lib0Encoder();
        edit.writeVarUint(workspace);
        edit.writeVarString("a.txt");
        edit.writeVarString(files.resolve(owner, workspace, "a.txt").toString());
        InternalCalls.writeEdits(edit, List.of(TextEdit.replace(0, 6, "forged")));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + InternalCalls.EDIT))
                .POST(HttpRequest.BodyPublishers.ofByteArray(edit.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(documents.read(owner, workspace, "a.txt")).isEqualTo("before");
    }

    @Test
    @Order(2)
    void aDocumentServerThatDiedIsStartedAgainOnTheNextUse() throws Exception {
        documents.edit(owner, workspace, "a.txt", List.of(TextEdit.replace(0, 0, "x")));
        ProcessHandle first = documentServer();
        first.destroyForcibly();
        first.onExit().get(20, TimeUnit.SECONDS);

        assertThat(documents.read(owner, workspace, "a.txt")).isEqualTo("xbefore");
        assertThat(documentServer().pid()).isNotEqualTo(first.pid());
        first = documentServer();
        first.destroyForcibly();
        first.onExit().get(20, TimeUnit.SECONDS);

        // A client's socket, through the IDE server's address, reaches the new document server,
        // which starts the y-websocket sync (message 0, step 1).
        CompletableFuture<ByteBuffer> firstMessage = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/collab/" + workspace + "/a.txt"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        firstMessage.complete(data);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        ByteBuffer sync = firstMessage.get(30, TimeUnit.SECONDS);
        assertThat(sync.get(0)).isEqualTo((byte) Frames.SYNC);
        assertThat(sync.get(1)).isEqualTo((byte) Frames.SYNC_STEP1);
        socket.abort();
        assertThat(documentServer().pid()).isNotEqualTo(first.pid());
    }

    @Test
    @Order(3)
    void theDocumentServerEndsWithTheIdeServer() throws Exception {
        documents.read(owner, workspace, "a.txt");
        ProcessHandle running = documentServer();
        server.stop();
        running.onExit().get(25, TimeUnit.SECONDS);
        assertThat(running.isAlive()).isFalse();
    }

    private int get(int to, String pathAndQuery, String header, String value) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + pathAndQuery));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * The live document server of this test's application: a child of this JVM whose command line
     * names {@link DocumentServer} and this test's data directory (other test classes' applications
     * may have theirs running too).
     */
    private static ProcessHandle documentServer() {
        List<ProcessHandle> found = ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(DocumentServer.class.getName()))
                .filter(p -> commandLine(p).contains("-Dtandem.home=" + home + " "))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
