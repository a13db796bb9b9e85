package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code tandem.collab.direct-listen}: the document server takes sockets straight from clients
 * (as behind a reverse proxy that routes {@code /collab/} to it), admits them exactly as through
 * the IDE server, serves nothing else there, starts with the IDE server and comes back by itself
 * when it dies, since its clients have no other way to start it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DocumentServerDirectListenerTest {

    private static Path home;
    private static int directPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("tandem-direct-listener-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
        try (ServerSocket free = new ServerSocket(0)) {
            directPort = free.getLocalPort();
        }
        registry.add("tandem.collab.direct-listen", () -> "127.0.0.1:" + directPort);
    }

    private final HttpClient http = HttpClient.newHttpClient();

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
    void clientsReachTheDocumentServerStraightWithTheSameAdmissionAndNothingElse() throws Exception {
        String owner = "direct" + System.nanoTime();
        users.create(owner, "password-" + owner, false);
        long workspace = workspaces.create(owner, "direct", null).id();
        files.write(owner, workspace, "a.txt", new ByteArrayInputStream("before".getBytes(StandardCharsets.UTF_8)));
        String socketPath = "/collab/" + workspace + "/a.txt";

        // Nothing has used the document server: it started with the IDE server.
        assertThat(getOnceListening(socketPath)).isEqualTo(401);
        String outsider = "outsider" + System.nanoTime();
        users.create(outsider, "password-" + outsider, false);
        assertThat(get(socketPath, "Bearer " + tokens.create(outsider, "test").token())).isEqualTo(404);
        // The calls between the two servers and the IDE's pages are not there.
        assertThat(get(InternalCalls.EDIT, null)).isEqualTo(404);
        assertThat(get("/login", null)).isEqualTo(404);

        DocumentServerTest.Socket socket = DocumentServerTest.Socket.open(http, directPort, workspace, "a.txt",
                tokens.create(owner, "test").token());
        socket.sendInsert("D");
        // The client typed before it had the file's text: its "D" and "before" are concurrent inserts at
        // the start, whose order the two client IDs decide.
        String edited = awaitText(owner, workspace, text -> text.length() == 7 && text.replace("D", "").equals("before"));

        ProcessHandle killed = Processes.documentServer(home);
        killed.destroyForcibly();
        killed.onExit().get(20, TimeUnit.SECONDS);
        assertThat(getOnceListening(socketPath)).isEqualTo(401);
        assertThat(Processes.documentServer(home).pid()).isNotEqualTo(killed.pid());
        // A client that connects there again opens the room, whose log kept the edit.
        DocumentServerTest.Socket.open(http, directPort, workspace, "a.txt", tokens.create(owner, "test").token());
        awaitText(owner, workspace, edited::equals);
    }

    /** Waits up to 10 s for the file's live text to be as {@code expected} says, and answers it. */
    private String awaitText(String owner, long workspace, Predicate<String> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!expected.test(documents.read(owner, workspace, "a.txt")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        String text = documents.read(owner, workspace, "a.txt");
        assertThat(text).matches(expected);
        return text;
    }

    /** The status of a GET at the direct listener, waiting up to a minute for it to listen. */
    private int getOnceListening(String path) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return get(path, null);
            } catch (ConnectException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private int get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + directPort + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
