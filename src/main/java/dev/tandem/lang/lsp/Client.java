package dev.tandem.lang.lsp;

import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client at the other end of one session, as the server talks to it: answers, errors and
 * notifications, one JSON-RPC message per frame. Once the client is gone nothing more is sent, and
 * every computation for it asks {@link #gone} to stop early.
 */
final class Client {

    private static final Logger log = LoggerFactory.getLogger(Client.class);

    private final MessageJsonHandler json;
    private final MessageChannel channel;
    private volatile boolean gone;

    Client(MessageJsonHandler json, MessageChannel channel) {
        this.json = json;
        this.channel = channel;
    }

    void respond(Either<String, Number> id, Object result) {
        var response = new ResponseMessage();
        response.setRawId(id);
        response.setResult(result);
        send(response);
    }

    void error(Either<String, Number> id, int code, String message) {
        var response = new ResponseMessage();
        response.setRawId(id);
        response.setError(new ResponseError(code, message, null));
        send(response);
    }

    /** A document's problems; {@code version} null for a file the client has not open. */
    void publishDiagnostics(String uri, Integer version, List<Diagnostic> diagnostics) {
        var params = new PublishDiagnosticsParams(uri, diagnostics);
        params.setVersion(version);
        var n = new NotificationMessage();
        n.setMethod("textDocument/publishDiagnostics");
        n.setParams(params);
        send(n);
    }

    boolean gone() {
        return gone;
    }

    void leave() {
        gone = true;
    }

    private void send(Message message) {
        if (gone) {
            return;
        }
        try {
            channel.send(json.serialize(message));
        } catch (RuntimeException e) {
            // A closed socket or a full send buffer: the computation that answers must not fail for it.
            log.debug("Could not send to an LSP client", e);
        }
    }
}
