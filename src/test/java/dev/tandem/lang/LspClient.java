package dev.tandem.lang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A real websocket LSP client for tests: one JSON-RPC message per text frame. */
final class LspClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<JsonNode> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    LspClient(int port, long workspaceId, String token) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/lang/" + workspaceId), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode node = JSON.readTree(partial.toString());
                                seen.add(node);
                                inbox.add(node);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    void notify(String method, Object params) {
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        msg.set("params", JSON.valueToTree(params));
        sendRaw(msg.toString());
    }

    /** Sends a request and waits for its response (result or error). */
    JsonNode request(String method, Object params) throws InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        sendRaw(msg.toString());
        return await(n -> n.path("id").asInt(-1) == id && (n.has("result") || n.has("error")), Duration.ofSeconds(120));
    }

    JsonNode initialize() throws InterruptedException {
        return initialize(java.util.Map.of());
    }

    /** Initializes with the given client capabilities. */
    JsonNode initialize(java.util.Map<String, Object> capabilities) throws InterruptedException {
        JsonNode r = request("initialize", java.util.Map.of("capabilities", capabilities));
        notify("initialized", java.util.Map.of());
        return r;
    }

    void open(String path, String text) {
        notify("textDocument/didOpen", java.util.Map.of("textDocument",
                java.util.Map.of("uri", uri(path), "languageId", "java", "version", 1, "text", text)));
    }

    void change(String path, int version, String text) {
        notify("textDocument/didChange", java.util.Map.of("textDocument", java.util.Map.of("uri", uri(path), "version", version),
                "contentChanges", java.util.List.of(java.util.Map.of("text", text))));
    }

    static String uri(String path) {
        return "file:///" + path;
    }

    /** The next message (seen before or arriving) that matches; fails after {@code timeout}. */
    JsonNode await(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (JsonNode n : seen) {
            if (match.test(n)) {
                seen.remove(n);
                return n;
            }
        }
        while (System.nanoTime() < end) {
            JsonNode n = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (n != null && match.test(n)) {
                seen.remove(n);
                return n;
            }
        }
        throw new AssertionError("No matching message within " + timeout + "; seen: " + seen);
    }

    /** The latest diagnostics published for {@code path} with the given version (null: any). */
    JsonNode diagnostics(String path, Integer version) throws InterruptedException {
        return await(n -> "textDocument/publishDiagnostics".equals(n.path("method").asText())
                && n.path("params").path("uri").asText().equals(uri(path))
                && (version == null || n.path("params").path("version").asInt(-1) == version), Duration.ofSeconds(120))
                .path("params").path("diagnostics");
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
