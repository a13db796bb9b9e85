package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durability: the server runs as a separate process and is killed with SIGKILL (kill -9), together
 * with its document server (the process that holds the documents and their log), right
 * after a second client has seen the first one's typing (both clients are offline by then, so only
 * the server's log can bring the text back). After a restart on the same data directory a fresh
 * client gets the text intact, and the two clients, coming back with their documents, resync
 * without doubling anything.
 */
class CollabCrashTest {

    private static final String ADMIN_PASSWORD = "admin-pass-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Process server;
    private Path home;
    private int port;

    @AfterEach
    void stopServer() {
        if (server != null) {
            killWithDocumentServer(server);
        }
    }

    @Test
    void textSurvivesKillMinus9AndClientsResyncWithoutDuplicates() throws Exception {
        home = Files.createTempDirectory("tandem-collab-crash");
        port = freePort();
        server = start();
        String token = JSON.readTree(call("POST", "/api/v1/tokens", "{\"name\":\"crash\"}", basicAdmin())).get("token").asText();
        long workspace = JSON.readTree(call("POST", "/api/v1/workspaces", "{\"name\":\"crash\"}", "Bearer " + token)).get("id").asLong();
        call("PUT", "/api/v1/workspaces/" + workspace + "/files/notes.txt", "start:", "Bearer " + token);

        Map<String, Object> config = new HashMap<>();
        config.put("scenario", "crash");
        config.put("base", "ws://127.0.0.1:" + port + "/collab/" + workspace);
        config.put("file", "notes.txt");
        config.put("editorToken", token);
        try (NodeClients clients = new NodeClients(config)) {
            assertThat(clients.readLine()).isEqualTo("SEEN");
            assertThat(killWithDocumentServer(server)).as("a document server ran as the server's child and was killed too").isTrue();
            server = start();
            clients.tell("RESTARTED");
            JsonNode r = clients.result();
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            String expected = "start:survives kill -9 +after";
            assertThat(r.get("seen").asText()).isEqualTo("start:survives kill -9 ");
            assertThat(r.get("freshBeforeOthers").asText()).isEqualTo("start:survives kill -9 ");
            assertThat(r.get("a").asText()).isEqualTo(expected);
            assertThat(r.get("b").asText()).isEqualTo(expected);
            assertThat(r.get("fresh").asText()).isEqualTo(expected);
        }
        // The file on disk follows within the write delay.
        Path file = home.resolve("workspaces").resolve(Long.toString(workspace)).resolve("notes.txt");
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.readString(file).equals("start:survives kill -9 +after") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(file)).isEqualTo("start:survives kill -9 +after");
    }

    /**
     * SIGKILL for the server and its document server at once, as a crash of the machine's processes
     * would; answers whether a document server was among them.
     */
    private static boolean killWithDocumentServer(Process server) {
        List<ProcessHandle> children = server.descendants().toList();
        boolean documentServer = children.stream().anyMatch(p -> Processes.commandLine(p).contains(DocumentServer.class.getName()));
        children.forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly();
        children.forEach(p -> p.onExit().join());
        server.onExit().join();
        return documentServer;
    }

    private Process start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dvaadin.productionMode=true",
                // Small batches, so that the restart reads a snapshot and a log, not just a log.
                "-Dtandem.collab.compact-after-updates=5",
                "-cp", System.getProperty("java.class.path"), "dev.tandem.TandemApplication"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.log").toFile());
        builder.environment().put("TANDEM_HOME", home.toString());
        builder.environment().put("TANDEM_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(home.resolve("server.log")));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not start in time");
    }

    private String call(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }

    private static String basicAdmin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
