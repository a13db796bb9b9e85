package dev.tandem.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A plain websocket client of the terminal protocol (the JDK's), as an outside program would be. */
final class TermClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL = 256 * 1024;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final boolean keepOutput;
    private final AtomicLong received = new AtomicLong();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private volatile boolean reading = true;
    private volatile String closeReason;
    private WebSocket socket;

    private TermClient(boolean keepOutput) {
        this.keepOutput = keepOutput;
    }

    static TermClient connect(int port, String path, Map<String, String> headers) {
        return connect(port, path, headers, true);
    }

    /** Connects; {@code keepOutput} false keeps only the end of the output (for floods). */
    static TermClient connect(int port, String path, Map<String, String> headers, boolean keepOutput) {
        TermClient client = new TermClient(keepOutput);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create("ws://localhost:" + port + path), client).join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        received.addAndGet(data.remaining());
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        synchronized (output) {
            if (!keepOutput && output.size() > TAIL) {
                // A flood: keep only the end, where the markers are.
                byte[] tail = output.toByteArray();
                output.reset();
                output.write(tail, tail.length - TAIL / 2, TAIL / 2);
            }
            output.writeBytes(bytes);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(text.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + text, e);
            }
            text.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Stops taking messages off the connection, so the server's sends back up (a stalled browser). */
    void stopReading() {
        reading = false;
    }

    void type(String keys) {
        sendBinary(keys.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    void json(String message) {
        socket.sendText(message, true).join();
    }

    String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    long received() {
        return received.get();
    }

    /** Waits until the output contains {@code expected}; fails with the output so far otherwise. */
    String awaitOutput(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(expected)) {
                return output();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + expected + "' in terminal output:\n" + output());
    }

    /** The next control message of the given type, skipping others. */
    JsonNode awaitMessage(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no '" + type + "' message; output so far:\n" + output());
            }
            if (message.path("type").asText().equals(type)) {
                return message;
            }
        }
    }

    /** The close status the server sent. */
    int awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
