package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.workspace.Role;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The websocket framing of the document server on a real Undertow listener, with the JDK's
 * websocket client and with raw bytes for what no well-behaved client sends. Behind the socket is a
 * real {@link Connection} that echoes every message, and closes with 4410 when asked to.
 */
class WebSocketStreamTest {

    private static final int MAX_MESSAGE = 8 * 1024 * 1024;
    private static final byte[] CLOSE_ME = "close-me".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE_LONG = "close-long".getBytes(StandardCharsets.US_ASCII);
    /** 6 + 100 × 2 bytes of UTF-8: more than a close frame holds. */
    private static final String LONG_REASON = "moved:" + "\u00e9".repeat(100);

    private final HttpClient http = HttpClient.newHttpClient();
    private final CountDownLatch serverSawTheEnd = new CountDownLatch(1);
    private Undertow server;
    private int port;

    @BeforeEach
    void startEchoServer() {
        HttpHandler echo = exchange -> {
            Optional<String> refusal = WebSocketHandshake.refusal(exchange);
            if (refusal.isPresent()) {
                WebSocketHandshake.refuse(exchange, refusal.get());
                return;
            }
            WebSocketHandshake.accept(exchange, socket -> {
                Connection connection = new Connection(socket, "tester", RoomKey.of(1, "a.txt"), Role.EDITOR, 0, 64L * MAX_MESSAGE);
                socket.start(new WebSocketStream.Receiver() {
                    @Override
                    public void message(byte[] data) {
                        if (Arrays.equals(data, CLOSE_ME)) {
                            connection.close(new CloseReason(Connection.CLOSE_MOVED, "moved:b.txt"));
                        } else if (Arrays.equals(data, CLOSE_LONG)) {
                            connection.close(new CloseReason(Connection.CLOSE_MOVED, LONG_REASON));
                        } else {
                            connection.send(data);
                        }
                    }

                    @Override
                    public void closed() {
                        serverSawTheEnd.countDown();
                    }
                });
            }, MAX_MESSAGE);
        };
        server = Undertow.builder().addHttpListener(0, "127.0.0.1", echo).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void messagesOfEverySizeComeBackIntactInOrderAndAPingGetsItsPong() throws Exception {
        Client client = connect();
        byte[] small = random(20);
        byte[] medium = random(40_000);
        // Far more than a socket buffer holds: its echo goes out in many writes as the client reads.
        byte[] large = random(6 * 1024 * 1024);
        byte[] fragmented = random(3000);
        client.socket.sendBinary(ByteBuffer.wrap(small), true).get(10, TimeUnit.SECONDS);
        client.socket.sendBinary(ByteBuffer.wrap(large), true).get(10, TimeUnit.SECONDS);
        client.socket.sendBinary(ByteBuffer.wrap(fragmented, 0, 1000), false).get(10, TimeUnit.SECONDS);
        client.socket.sendBinary(ByteBuffer.wrap(fragmented, 1000, 2000), true).get(10, TimeUnit.SECONDS);
        client.socket.sendPing(ByteBuffer.wrap("still there?".getBytes(StandardCharsets.US_ASCII))).get(10, TimeUnit.SECONDS);
        client.socket.sendBinary(ByteBuffer.wrap(medium), true).get(10, TimeUnit.SECONDS);

        client.awaitMessages(4);
        assertThat(client.messages).containsExactly(small, large, fragmented, medium);
        assertThat(client.pong.get(10, TimeUnit.SECONDS)).isEqualTo("still there?");
    }

    @Test
    void theClientsCloseIsAnsweredWithItsCodeAndTheServerHearsTheEnd() throws Exception {
        Client client = connect();
        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 ");
        assertThat(serverSawTheEnd.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theServersCloseFollowsWhatWasSentBeforeIt() throws Exception {
        Client client = connect();
        byte[] before = random(100_000);
        client.socket.sendBinary(ByteBuffer.wrap(before), true).get(10, TimeUnit.SECONDS);
        client.socket.sendBinary(ByteBuffer.wrap(CLOSE_ME), true).get(10, TimeUnit.SECONDS);
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4410 moved:b.txt");
        assertThat(client.messages).containsExactly(before);
        assertThat(serverSawTheEnd.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCloseReasonTooLongForTheFrameIsCutToWholeCharactersThatFit() throws Exception {
        Client client = connect();
        client.socket.sendBinary(ByteBuffer.wrap(CLOSE_LONG), true).get(10, TimeUnit.SECONDS);
        String closed = client.closed.get(10, TimeUnit.SECONDS);
        assertThat(closed).startsWith("4410 moved:");
        String reason = closed.substring("4410 ".length());
        // 6 bytes of "moved:" and 58 two-byte characters: 122 bytes, the most whole characters within 123.
        assertThat(reason.getBytes(StandardCharsets.UTF_8)).hasSize(122);
        assertThat(LONG_REASON).startsWith(reason);
    }

    @Test
    void aBrokenFrameIsAnsweredWithItsCloseCodeAndTheConnectionEnds() throws Exception {
        try (Socket raw = rawConnect()) {
            // Unmasked: a client's frames must be masked.
            raw.getOutputStream().write(new byte[] {(byte) 0x82, 2, 7, 7});
            assertThat(readClose(raw)).isEqualTo("1002 A client's frames must be masked");
            assertThat(raw.getInputStream().read()).as("the server ends its side").isEqualTo(-1);
        }
        assertThat(serverSawTheEnd.await(10, TimeUnit.SECONDS)).isTrue();
        try (Socket raw = rawConnect()) {
            raw.getOutputStream().write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'});
            assertThat(readClose(raw)).isEqualTo("1003 Binary messages only (y-websocket protocol)");
        }
    }

    @Test
    void anOversizedMessageIsRefusedWithoutReadingItAndTheClientLearnsWhy() throws Exception {
        Client client = connect();
        client.socket.sendBinary(ByteBuffer.wrap(new byte[MAX_MESSAGE + 1]), true);
        assertThat(client.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo("1009 Too big: exceeded max message size of " + MAX_MESSAGE + " bytes");
        assertThat(client.messages).isEmpty();
    }

    @Test
    void aRequestThatIsNoWebSocketHandshakeIsRefusedWithWhy() throws Exception {
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).startsWith("Expected a websocket upgrade");

        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = readHead(new DataInputStream(raw.getInputStream()));
            assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("Sec-WebSocket-Version: 13");
        }
    }

    @Test
    void theAcceptKeyIsTheRfcsExample() {
        assertThat(WebSocketHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    /** A JDK websocket client that collects whole messages, the pong and the close. */
    private static final class Client implements WebSocket.Listener {

        final List<byte[]> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> pong = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        WebSocket socket;

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            pong.complete(StandardCharsets.US_ASCII.decode(message).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void awaitMessages(int count) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (messages.size() < count && System.nanoTime() < end) {
                Thread.sleep(10);
            }
        }
    }

    private Client connect() throws Exception {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    /** A socket past the opening handshake, whose answer is checked against the RFC's example key. */
    private Socket rawConnect() throws IOException {
        Socket raw = new Socket("127.0.0.1", port);
        raw.setSoTimeout(10_000);
        OutputStream out = raw.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = readHead(new DataInputStream(raw.getInputStream()));
        assertThat(head).startsWith("HTTP/1.1 101").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        return raw;
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** Reads one unmasked close frame from the server: "code reason". */
    private static String readClose(Socket raw) throws IOException {
        DataInputStream in = new DataInputStream(raw.getInputStream());
        assertThat(in.readUnsignedByte()).as("FIN and the close opcode").isEqualTo(0x88);
        int length = in.readUnsignedByte();
        int code = in.readUnsignedShort();
        byte[] reason = new byte[length - 2];
        in.readFully(reason);
        return code + " " + new String(reason, StandardCharsets.UTF_8);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
