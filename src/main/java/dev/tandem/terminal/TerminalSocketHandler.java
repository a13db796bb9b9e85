package dev.tandem.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.TandemException;
import io.undertow.websockets.jsr.UndertowSession;
import java.io.IOException;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The terminal protocol on a websocket: binary frames are raw bytes (output to the client, keystrokes
 * from it); text frames are JSON control messages. See docs/terminal.md. Problems found after the
 * upgrade are answered with an {@code error} message and, when the socket cannot go on, a close status
 * of 4000 + the HTTP status (4404 unknown terminal, 4403 forbidden, ...).
 */
@Component
class TerminalSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(TerminalSocketHandler.class);
    private static final String ATTACHMENT = "tandem.attachment";

    private final TerminalService terminals;
    private final ObjectMapper json;

    TerminalSocketHandler(TerminalService terminals, ObjectMapper json) {
        this.terminals = terminals;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        session.setBinaryMessageSizeLimit(terminals.maxMessageBytes());
        session.setTextMessageSizeLimit(terminals.maxMessageBytes());
        String username = (String) session.getAttributes().get(TerminalHandshake.USERNAME);
        long workspaceId = (Long) session.getAttributes().get(TerminalHandshake.WORKSPACE);
        String terminalId = (String) session.getAttributes().get(TerminalHandshake.TERMINAL);
        try {
            if ("new".equals(terminalId)) {
                terminalId = terminals.open(username, workspaceId, null,
                        (Integer) session.getAttributes().get(TerminalHandshake.COLS),
                        (Integer) session.getAttributes().get(TerminalHandshake.ROWS)).id();
            }
            Attachment attachment = terminals.attach(username, workspaceId, terminalId, new SocketSink(session));
            session.getAttributes().put(ATTACHMENT, attachment);
        } catch (TandemException e) {
            session.sendMessage(new TextMessage(TerminalMessages.error(e.code(), e.getMessage())));
            session.close(new CloseStatus(4000 + e.status(), e.code()));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        Attachment attachment = attachment(session);
        if (attachment != null) {
            ByteBuffer payload = message.getPayload();
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            terminals.input(attachment, data);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Attachment attachment = attachment(session);
        if (attachment == null) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(message.getPayload());
        } catch (IOException e) {
            attachment.enqueueText(TerminalMessages.error("bad_request", "A text frame must be a JSON control message."));
            return;
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "resize" -> terminals.resize(attachment, node.path("cols").asInt(0), node.path("rows").asInt(0));
            case "ack" -> terminals.ack(attachment, node.path("bytes").asLong(0));
            default -> attachment.enqueueText(TerminalMessages.error("bad_request",
                    "Unknown control message type '" + (type.length() > 20 ? type.substring(0, 20) : type)
                            + "'; expected resize or ack."));
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Terminal socket error: {}", exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        Attachment attachment = attachment(session);
        if (attachment != null) {
            attachment.closed();
        }
    }

    private static Attachment attachment(WebSocketSession session) {
        return (Attachment) session.getAttributes().get(ATTACHMENT);
    }

    /**
     * Sends on the websocket with the container's asynchronous API (one send outstanding at a time, as
     * the attachment guarantees), so no thread waits for a slow client.
     */
    private record SocketSink(WebSocketSession session, Session nativeSession) implements TerminalSink {

        SocketSink(WebSocketSession session) {
            this(session, ((NativeWebSocketSession) session).getNativeSession(Session.class));
        }

        @Override
        public void sendBinary(ByteBuffer data, Consumer<Boolean> done) {
            nativeSession.getAsyncRemote().sendBinary(data, result -> done.accept(result.isOK()));
        }

        @Override
        public void sendText(String text, Consumer<Boolean> done) {
            nativeSession.getAsyncRemote().sendText(text, result -> done.accept(result.isOK()));
        }

        @Override
        public void close(int code, String reason) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseStatus(code, reason));
                }
            } catch (IOException e) {
                log.debug("Closing a terminal socket failed: {}", e.getMessage());
            }
        }

        @Override
        public void abort() {
            if (nativeSession instanceof UndertowSession undertow) {
                undertow.forceClose();
            } else {
                close(4408, "too slow");
            }
        }

        @Override
        public void pauseInput() {
            if (nativeSession instanceof UndertowSession undertow) {
                undertow.getWebSocketChannel().suspendReceives();
            }
        }

        @Override
        public void resumeInput() {
            if (nativeSession instanceof UndertowSession undertow) {
                undertow.getWebSocketChannel().resumeReceives();
            }
        }
    }
}
