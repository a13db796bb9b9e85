package dev.tandem.collab;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live-document websocket in the document server: {@code /collab/{workspaceId}/{filePath}}
 * (reached through the IDE server, which passes these upgrades on unchanged). Before upgrading it
 * asks the IDE server whether the request may open the socket, forwarding the request's
 * credentials. A refusal that asking again cannot change (400, 403, 404, 413) completes the upgrade
 * only to close the socket at once with 4400 + the status ({@link #finalRefusal}); any other (401,
 * server errors), and any refusal of a request that is no upgrade, answers the HTTP status. An
 * admitted request that is no websocket handshake gets 400 saying why ({@link WebSocketHandshake}).
 */
final class CollabSockets implements HttpHandler {

    private final CollabService service;
    private final IdeClient ide;
    private final CollabProperties properties;

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
        Optional<CloseReason> finalRefusal = finalRefusal(admission.status());
        Optional<String> notWebSocket = WebSocketHandshake.refusal(exchange);
        long maxMessageSize = properties.maxMessageSize().toBytes();
        if (admitted.isPresent() && notWebSocket.isEmpty()) {
            WebSocketHandshake.accept(exchange, socket -> connected(socket, admitted.get()), maxMessageSize);
        } else if (admitted.isPresent()) {
            WebSocketHandshake.refuse(exchange, notWebSocket.get());
        } else if (finalRefusal.isPresent() && notWebSocket.isEmpty()) {
            WebSocketHandshake.accept(exchange, socket -> refused(socket, finalRefusal.get()), maxMessageSize);
        } else {
            exchange.setStatusCode(admission.status());
            exchange.endExchange();
        }
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

    private void connected(WebSocketStream socket, IdeClient.Admitted admitted) {
        Connection connection = new Connection(socket, admitted.username(), admitted.key(), admitted.role(),
                System.currentTimeMillis(), properties.maxPendingSend().toBytes());
        Optional<CollabService.Refusal> refusal = service.join(connection, admitted.file());
        if (refusal.isPresent()) {
            connection.close(refusal.get().status());
        }
        socket.start(new WebSocketStream.Receiver() {
            @Override
            public void message(byte[] data) {
                service.message(connection, data);
            }

            @Override
            public void closed() {
                service.leave(connection);
            }
        });
    }

    /** Closes at once; what the client still sends is not taken. */
    private static void refused(WebSocketStream socket, CloseReason why) {
        socket.start(WebSocketStream.Receiver.NOBODY);
        socket.close(why);
    }
}
