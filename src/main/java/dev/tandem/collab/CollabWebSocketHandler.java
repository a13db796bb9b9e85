package dev.tandem.collab;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The websocket side of live documents: turns accepted sockets into {@link Connection}s of rooms
 * and hands whole binary messages to them. Text frames are not part of the protocol.
 */
@Component
class CollabWebSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(CollabWebSocketHandler.class);
    private static final String CONNECTION = "collab.connection";

    private final CollabService service;
    private final CollabProperties properties;

    CollabWebSocketHandler(CollabService service, CollabProperties properties) {
        this.service = service;
        this.properties = properties;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        CollabHandshake.Info info = (CollabHandshake.Info) session.getAttributes().get(CollabHandshake.CONNECTION_INFO);
        jakarta.websocket.Session nativeSession = ((NativeWebSocketSession) session).getNativeSession(jakarta.websocket.Session.class);
        // Fragments are reassembled by the connection, which enforces the real limit with a clear reason.
        nativeSession.setMaxBinaryMessageBufferSize((int) Math.min(Integer.MAX_VALUE - 1, properties.maxMessageSize().toBytes() + 65536));
        nativeSession.setMaxIdleTimeout(0);
        Connection connection = new Connection(session, nativeSession, info.username(), info.key(), info.role(),
                System.currentTimeMillis(), properties.maxMessageSize().toBytes(), properties.maxPendingSend().toBytes());
        session.getAttributes().put(CONNECTION, connection);
        Optional<CollabService.Refusal> refusal = service.join(connection, info.file());
        if (refusal.isPresent()) {
            session.getAttributes().remove(CONNECTION);
            connection.close(refusal.get().status());
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection == null) {
            return;
        }
        byte[] whole = connection.receive(message.getPayload(), message.isLast());
        if (whole != null) {
            service.message(connection, whole);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Connection connection = (Connection) session.getAttributes().get(CONNECTION);
        if (connection != null) {
            connection.close(new CloseStatus(CloseStatus.NOT_ACCEPTABLE.getCode(), "Binary messages only (y-websocket protocol)"));
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Transport error on a collaboration socket", exception);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Connection connection = (Connection) session.getAttributes().remove(CONNECTION);
        if (connection != null) {
            service.leave(connection);
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }
}
