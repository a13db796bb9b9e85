package dev.tandem.collab;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The opening handshake of a websocket (RFC 6455, section 4.2), after which the connection is a
 * {@link WebSocketStream}. No extension and no subprotocol is offered: y-websocket needs neither,
 * and a client that asks for them gets the plain protocol, as the RFC allows.
 */
final class WebSocketHandshake {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final String VERSION = "13";

    private WebSocketHandshake() {
    }

    /** Why the request is not a websocket opening handshake this server takes, or empty when it is one. */
    static Optional<String> refusal(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        if (!exchange.getRequestMethod().equals(Methods.GET)
                || !"websocket".equalsIgnoreCase(headers.getFirst(Headers.UPGRADE))
                || !headers.contains(Headers.SEC_WEB_SOCKET_KEY)) {
            return Optional.of("Expected a websocket upgrade (GET with Upgrade: websocket and Sec-WebSocket-Key)");
        }
        if (!VERSION.equals(headers.getFirst(Headers.SEC_WEB_SOCKET_VERSION))) {
            return Optional.of("Only websocket version " + VERSION + " is supported");
        }
        return Optional.empty();
    }

    /**
     * Answers a request that {@link #refusal} accepted with 101 and hands the connection to
     * {@code opened} once the answer is out (on the connection's I/O thread).
     */
    static void accept(HttpServerExchange exchange, Consumer<WebSocketStream> opened, long maxMessageSize) {
        String key = exchange.getRequestHeaders().getFirst(Headers.SEC_WEB_SOCKET_KEY);
        exchange.upgradeChannel((connection, upgraded) ->
                opened.accept(new WebSocketStream(connection, upgraded.getConnection().getByteBufferPool(), maxMessageSize)));
        exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
        exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_ACCEPT, acceptKey(key));
        exchange.endExchange();
    }

    /** A refused handshake: 400 saying why, and the version this server takes (RFC 6455 4.2.2). */
    static void refuse(HttpServerExchange exchange, String why) {
        exchange.setStatusCode(400);
        exchange.getResponseHeaders().put(Headers.SEC_WEB_SOCKET_VERSION, VERSION);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(why);
    }

    static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.strip() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-1", e);
        }
    }
}
