package dev.tandem.collab;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xnio.Pooled;

/**
 * The live-document websocket in the document server: {@code /collab/{workspaceId}/{filePath}}
 * (reached through the IDE server, which passes these upgrades on unchanged). Before upgrading it
 * asks the IDE server whether the request may open the socket, forwarding the request's
 * credentials. A refusal that asking again cannot change (400, 403, 404, 413) completes the upgrade
 * only to close the socket at once with 4400 + the status ({@link #finalRefusal}); any other (401,
 * server errors), and any refusal of a request that is no upgrade, answers the HTTP status.
 */
final class CollabSockets implements HttpHandler {

    private static final AttachmentKey<IdeClient.Admitted> ADMITTED = AttachmentKey.create(IdeClient.Admitted.class);
    private static final AttachmentKey<CloseReason> REFUSED = AttachmentKey.create(CloseReason.class);

    private final CollabService service;
    private final IdeClient ide;
    private final CollabProperties properties;
    private final HttpHandler upgrade = Handlers.websocket(this::connected);

    CollabSockets(CollabService service, IdeClient ide, CollabProperties properties) {
        this.service = service;
        this.ide = ide;
        this.properties = properties;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            // Asking the IDE server blocks: not on an I/O thread.
            exchange.dispatch(this);
            return;
        }
        String uri = exchange.getRequestURI() + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
        IdeClient.Admission admission = ide.admit(uri, credentials(exchange.getRequestHeaders()));
        Optional<IdeClient.Admitted> admitted = admission.accepted();
        if (admitted.isPresent()) {
            exchange.putAttachment(ADMITTED, admitted.get());
            upgrade.handleRequest(exchange);
            return;
        }
        Optional<CloseReason> finalRefusal = finalRefusal(admission.status());
        if (finalRefusal.isPresent() && "websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst(Headers.UPGRADE))) {
            exchange.putAttachment(REFUSED, finalRefusal.get());
            upgrade.handleRequest(exchange);
            return;
        }
        exchange.setStatusCode(admission.status());
        exchange.endExchange();
    }

    /**
     * A refused upgrade as a final close, 4400 + the status: a browser's or a program's WebSocket
     * cannot read an HTTP status, so to it a refused upgrade looks like a lost network and it retries
     * forever, while y-websocket and other clients stop on 4400-4499. Only for refusals that asking
     * again cannot change: 401 (signing in again helps) and server errors (later helps) stay statuses.
     */
    static Optional<CloseReason> finalRefusal(int status) {
        String reason = switch (status) {
            case 400 -> "Bad request: not /collab/{workspaceId}/{path}, or a path outside the workspace";
            case 403 -> "Forbidden: the credential is not for this workspace";
            case 404 -> "Not found: no such file, or not a member of this workspace";
            case 413 -> "Too large: the file is larger than the largest live document";
            default -> null;
        };
        return Optional.ofNullable(reason).map(text -> new CloseReason(4000 + status, text));
    }

    /** What the IDE server needs to authenticate the request as if it had received it itself. */
    private static Map<String, String> credentials(HeaderMap headers) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        copy(headers, Headers.COOKIE_STRING, forwarded, Headers.COOKIE_STRING);
        copy(headers, Headers.AUTHORIZATION_STRING, forwarded, Headers.AUTHORIZATION_STRING);
        copy(headers, Headers.ORIGIN_STRING, forwarded, Headers.ORIGIN_STRING);
        copy(headers, Headers.HOST_STRING, forwarded, InternalCalls.HOST_HEADER);
        return forwarded;
    }

    private static void copy(HeaderMap from, String name, Map<String, String> to, String as) {
        if (from.contains(name)) {
            // Several Cookie headers are one list; other credentials count once.
            to.put(as, name.equals(Headers.COOKIE_STRING) ? String.join("; ", from.get(name)) : from.getFirst(name));
        }
    }

    private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        CloseReason refused = exchange.getAttachment(REFUSED);
        if (refused != null) {
            // Reads only the client's answering close frame.
            channel.getReceiveSetter().set(new AbstractReceiveListener() { });
            new UndertowSocket(channel).close(refused);
            channel.resumeReceives();
            return;
        }
        IdeClient.Admitted admitted = exchange.getAttachment(ADMITTED);
        Connection connection = new Connection(new UndertowSocket(channel), admitted.username(), admitted.key(),
                admitted.role(), System.currentTimeMillis(), properties.maxPendingSend().toBytes());
        channel.getReceiveSetter().set(new Receiver(connection, properties.maxMessageSize().toBytes()));
        channel.addCloseTask(closed -> service.leave(connection));
        Optional<CollabService.Refusal> refusal = service.join(connection, admitted.file());
        if (refusal.isPresent()) {
            connection.close(refusal.get().status());
        }
        channel.resumeReceives();
    }

    /** Hands whole binary messages to the connection's room. Text frames are not part of the protocol. */
    private final class Receiver extends AbstractReceiveListener {

        private final Connection connection;
        private final long maxMessageSize;

        Receiver(Connection connection, long maxMessageSize) {
            this.connection = connection;
            this.maxMessageSize = maxMessageSize;
        }

        /** A larger message closes the connection with 1009 and a reason naming the limit. */
        @Override
        protected long getMaxBinaryBufferSize() {
            return maxMessageSize;
        }

        @Override
        protected long getMaxTextBufferSize() {
            return maxMessageSize;
        }

        @Override
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            Pooled<ByteBuffer[]> data = message.getData();
            try {
                ByteBuffer[] buffers = data.getResource();
                int size = 0;
                for (ByteBuffer buffer : buffers) {
                    size += buffer.remaining();
                }
                byte[] whole = new byte[size];
                int at = 0;
                for (ByteBuffer buffer : buffers) {
                    int n = buffer.remaining();
                    buffer.get(whole, at, n);
                    at += n;
                }
                service.message(connection, whole);
            } finally {
                data.free();
            }
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            connection.close(new CloseReason(CloseReason.NOT_ACCEPTABLE, "Binary messages only (y-websocket protocol)"));
        }
    }
}
