package dev.tandem.lang.lsp;

import dev.tandem.lang.LangService;
import dev.tandem.lang.OpenProject;
import dev.tandem.workspace.WorkspaceFiles;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** One LSP session per socket: each text frame is one JSON-RPC message, each answer one frame. */
@Component
class LangWebSocketHandler extends TextWebSocketHandler {

    private static final String SESSION = "lang.session";
    private static final int SEND_TIME_LIMIT_MS = 10_000;

    private final LangService service;
    private final WorkspaceFiles files;

    LangWebSocketHandler(LangService service, WorkspaceFiles files) {
        this.service = service;
        this.files = files;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        var connection = (LangHandshake.Connection) session.getAttributes().get(LangHandshake.CONNECTION);
        // Room for twice the limit, so a too-large message gets a JSON-RPC error instead of a closed socket.
        session.setTextMessageSizeLimit(service.properties().maxMessageBytes() * 2);
        var out = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, service.properties().maxMessageBytes() * 4);
        OpenProject project = service.acquire(connection.username(), connection.workspaceId());
        var lsp = new LspSession(connection.username(), connection.role(), project, service, files, json -> {
            try {
                out.sendMessage(new TextMessage(json));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        session.getAttributes().put(SESSION, lsp);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        var lsp = (LspSession) session.getAttributes().get(SESSION);
        if (lsp != null) {
            lsp.receive(message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        var lsp = (LspSession) session.getAttributes().remove(SESSION);
        if (lsp != null) {
            lsp.close();
        }
    }
}
