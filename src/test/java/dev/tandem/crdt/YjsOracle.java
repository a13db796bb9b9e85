package dev.tandem.crdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Real Yjs in a Node.js child process ({@code src/test/js/oracle.mjs}), driven by one JSON
 * command per line. Needs {@code node} on PATH and {@code npm ci --prefix src/test/js}.
 */
final class YjsOracle implements AutoCloseable {
    static final Path JS_DIR = Path.of("src", "test", "js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    YjsOracle() throws IOException {
        if (!Files.isDirectory(JS_DIR.resolve("node_modules").resolve("yjs"))) {
            throw new IllegalStateException("Yjs for the differential tests is not installed: run `npm ci --prefix src/test/js` first");
        }
        process = new ProcessBuilder("node", JS_DIR.resolve("oracle.mjs").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode call(Map<String, Object> command) {
        try {
            in.write(JSON.writeValueAsString(command));
            in.write('\n');
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the Node.js oracle exited");
            }
            JsonNode reply = JSON.readTree(line);
            if (reply.has("error")) {
                throw new IllegalStateException("Yjs failed: " + reply.get("error").asText());
            }
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] unb64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    @Override
    public void close() {
        process.destroy();
    }
}
