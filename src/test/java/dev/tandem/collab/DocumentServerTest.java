package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.security.TicketService;
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
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
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
 * The document server as its own process: a socket is opened only for a member with a credential
 * (each refusal with its status, through the IDE server's port); the calls between it and the IDE
 * server need the secret; roles changed in the IDE server reach open sockets; one that dies is started again (a
 * second later, or at the next use if that comes first), and sockets reach it again through the IDE server; it ends when the IDE server
 * stops. The last test stops it, so the context is not reused.
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
        registry.add("tandem.collab.role-recheck", () -> "500ms");
        registry.add("tandem.collab.max-document-size", () -> "64KB");
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
    @Autowired
    TicketService tickets;

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
    @Order(0)
    void aSocketOpensOnlyForAMemberWithACredentialAndEachRefusalSaysWhy() throws Exception {
        String socket = "/collab/" + workspace + "/a.txt";
        String member = "Bearer " + token;
        assertThat(get(port, socket, null, null)).as("no credential").isEqualTo(401);
        assertThat(get(port, socket, "Authorization", "Bearer tdm_not-a-token")).as("unknown token").isEqualTo(401);
        String outsider = "out" + System.nanoTime();
        users.create(outsider, "password-" + outsider, false);
        assertThat(get(port, socket, "Authorization", "Bearer " + tokens.create(outsider, "test").token()))
                .as("not a member").isEqualTo(404);
        assertThat(get(port, "/collab/" + workspace + "/missing.txt", "Authorization", member)).as("no such file").isEqualTo(404);
        assertThat(get(port, "/collab/" + workspace + "/..%2F..%2F..%2Fetc%2Fpasswd", "Authorization", member))
                .as("a path out of the workspace").isEqualTo(400);
        assertThat(get(port, "/collab/x/a.txt", "Authorization", member)).as("not a workspace id").isEqualTo(400);
        long other = workspaces.create(owner, "other", null).id();
        assertThat(get(port, socket + "?ticket=" + tickets.issue(owner, other), null, null))
                .as("a ticket for another workspace").isEqualTo(403);
        files.write(owner, workspace, "big.txt", new ByteArrayInputStream(new byte[65 * 1024]));
        assertThat(get(port, "/collab/" + workspace + "/big.txt", "Authorization", member))
                .as("larger than max-document-size").isEqualTo(413);

        // A websocket client cannot read those statuses: one that asking again cannot change is a
        // final close (y-websocket stops reconnecting on 4400-4499); 401 stays a refused handshake.
        assertThat(closeOfUpgrade("/collab/" + workspace + "/missing.txt", member))
                .startsWith("4404 Not found");
        assertThat(closeOfUpgrade("/collab/" + workspace + "/big.txt", member)).startsWith("4413 Too large");
        assertThat(closeOfUpgrade(socket + "?ticket=" + tickets.issue(owner, other), null)).startsWith("4403 Forbidden");
        assertThat(closeOfUpgrade("/collab/" + workspace + "/..%2F..%2F..%2Fetc%2Fpasswd", member)).startsWith("4400 Bad request");
        ExecutionException handshake = catchThrowableOfType(() -> closeOfUpgrade(socket, null), ExecutionException.class);
        assertThat(handshake).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) handshake.getCause()).getResponse().statusCode()).isEqualTo(401);

        assertSocketSyncs();
        CompletableFuture<ByteBuffer> withTicket = new CompletableFuture<>();
        http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + socket + "?ticket=" + tickets.issue(owner, workspace)),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                                withTicket.complete(data);
                                return null;
                            }
                        })
                .get(30, TimeUnit.SECONDS);
        assertThat(withTicket.get(30, TimeUnit.SECONDS).get(0)).as("a ticket for this workspace").isEqualTo((byte) Frames.SYNC);
    }

    /** Opens a socket and answers how the server closed it ("code reason"); the handshake's failure if refused. */
    private String closeOfUpgrade(String pathAndQuery, String authorization) throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        builder.buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                closed.completeExceptionally(new AssertionError("a refused socket got a message"));
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        return closed.get(30, TimeUnit.SECONDS);
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
        String file = InternalCalls.FILE + "?workspace=" + workspace + "&path=a.txt";
        assertThat(get(port, file, null, null)).isEqualTo(403);
        assertThat(get(port, file, "Authorization", "Bearer " + token)).isEqualTo(403);

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
    void aDemotedEditorIsRefusedAndARemovedMemberDisconnected() throws Exception {
        String editor = "edit" + System.nanoTime();
        users.create(editor, "password-" + editor, false);
        workspaces.setMember(owner, workspace, editor, dev.tandem.workspace.Role.EDITOR);
        Socket socket = Socket.open(http, port, workspace, "a.txt", tokens.create(editor, "test").token());
        socket.sendInsert("E");
        awaitText(text -> text.contains("E"));

        workspaces.setMember(owner, workspace, editor, dev.tandem.workspace.Role.VIEWER);
        // Within role-recheck (500 ms) and one question to the IDE server, updates are refused.
        long deadline = System.currentTimeMillis() + 10_000;
        while (!socket.permissionDenied.isDone() && System.currentTimeMillis() < deadline) {
            socket.sendInsert("v");
            Thread.sleep(100);
        }
        assertThat(socket.permissionDenied).isDone();
        String afterRefusal = documents.read(owner, workspace, "a.txt");
        socket.sendInsert("Z");
        Thread.sleep(500);
        assertThat(documents.read(owner, workspace, "a.txt")).isEqualTo(afterRefusal).doesNotContain("Z");

        workspaces.removeMember(owner, workspace, editor);
        deadline = System.currentTimeMillis() + 10_000;
        while (!socket.closed.isDone() && System.currentTimeMillis() < deadline) {
            socket.sendAwareness();
            Thread.sleep(100);
        }
        assertThat(socket.closed.get(1, TimeUnit.SECONDS)).isEqualTo(Connection.CLOSE_FORBIDDEN);
    }

    private void awaitText(java.util.function.Predicate<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!expected.test(documents.read(owner, workspace, "a.txt")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(documents.read(owner, workspace, "a.txt")).matches(expected);
    }

    /**
     * A bare y-websocket client: sends updates of its own document, notes "permission denied" and the
     * close code. {@link DocumentServerDirectListenerTest} uses it too.
     */
    static final class Socket implements WebSocket.Listener {

        final CompletableFuture<Void> permissionDenied = new CompletableFuture<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final dev.tandem.crdt.YDoc doc = new dev.tandem.crdt.YDoc();
        private WebSocket webSocket;

        static Socket open(HttpClient http, int port, long workspace, String file, String token) throws Exception {
            Socket socket = new Socket();
            socket.webSocket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/collab/" + workspace + "/" + file), socket)
                    .get(30, TimeUnit.SECONDS);
            return socket;
        }

        void sendInsert(String text) {
            byte[] before = doc.encodeStateVector();
            doc.getText("content").insert(0, text);
            webSocket.sendBinary(ByteBuffer.wrap(Frames.sync(Frames.SYNC_UPDATE, doc.encodeStateAsUpdate(before))), true).join();
        }

        void close() {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        void sendAwareness() {
            Lib0Encoder update = new Lib0Encoder();
            update.writeVarUint(1);
            update.writeVarUint(doc.clientId());
            update.writeVarUint(System.nanoTime() & 0xffffff);
            update.writeVarString("{}");
            webSocket.sendBinary(ByteBuffer.wrap(Frames.awareness(update.toByteArray())), true).join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (data.get(0) == Frames.AUTH) {
                permissionDenied.complete(null);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    @Test
    @Order(3)
    void aDocumentServerThatDiedIsStartedAgain() throws Exception {
        documents.edit(owner, workspace, "a.txt", List.of(TextEdit.replace(0, 0, "x")));
        ProcessHandle first = Processes.documentServer(home);
        // on its own small class path (DocumentServerClassPathTest), with which everything here works
        String classPath = DocumentServerClassPath.of(System.getProperty("java.class.path")).orElseThrow();
        assertThat(Processes.commandLine(first)).contains(" -cp " + classPath + " ");
        kill(first);

        // Started again, by itself a second later or by this call if it comes first; sockets then reach
        // the new one (on its new port) at once.
        assertThat(documents.read(owner, workspace, "a.txt")).isEqualTo("xbefore");
        ProcessHandle second = Processes.documentServer(home);
        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertSocketSyncs();

        // Started again, by itself or by a socket.
        kill(second);
        assertSocketSyncs();
        assertThat(Processes.documentServer(home).pid()).isNotEqualTo(second.pid());
    }

    private static void kill(ProcessHandle documentServer) throws Exception {
        documentServer.destroyForcibly();
        documentServer.onExit().get(20, TimeUnit.SECONDS);
    }

    /**
     * A client's socket, through the IDE server's address, reaches a document server, which starts
     * the y-websocket sync (message 0, step 1).
     */
    private void assertSocketSyncs() throws Exception {
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
    }

    @Test
    @Order(4)
    void theDocumentServerEndsWithTheIdeServer() throws Exception {
        documents.read(owner, workspace, "a.txt");
        ProcessHandle running = Processes.documentServer(home);
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
}
