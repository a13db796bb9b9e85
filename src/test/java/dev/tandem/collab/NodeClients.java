package dev.tandem.collab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a scenario of {@code src/test/js/collab-client.mjs}: real Yjs clients in Node.js. */
final class NodeClients implements AutoCloseable {

    static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    NodeClients(Map<String, Object> config) throws IOException {
        process = new ProcessBuilder("node", JS_DIR.resolve("collab-client.mjs").toString(), JSON.writeValueAsString(config))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Runs a scenario to its end and answers its result. */
    static JsonNode run(Map<String, Object> config) throws IOException {
        try (NodeClients clients = new NodeClients(config)) {
            return clients.result();
        }
    }

    /** The next line the scenario prints (a signal such as {@code SEEN}, or the result). */
    String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the Node.js clients ended early");
        }
        return line;
    }

    void tell(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    JsonNode result() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith("{")) {
                return JSON.readTree(line);
            }
        }
        throw new IOException("no result");
    }

    @Override
    public void close() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
