package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.crdt.Lib0Decoder;
import dev.tandem.crdt.Lib0Encoder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document server's endpoints for the IDE server ({@link InternalCalls}): reads and edits for
 * {@link LiveDocuments}, and the workspace's file moves and deletions. Only calls that carry the
 * secret are served. Errors answer the {@link TandemException}'s status with {@code code\nmessage}.
 */
final class DocumentCallsHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(DocumentCallsHandler.class);

    private final CollabService rooms;
    private final DocumentAccess documents;
    private final byte[] secret;
    private final long maxBody;

    DocumentCallsHandler(CollabService rooms, DocumentAccess documents, String secret, CollabProperties properties) {
        this.rooms = rooms;
        this.documents = documents;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        // An edit may carry a whole document's text, and a little framing.
        this.maxBody = properties.maxDocumentSize().toBytes() * 4 + 65536;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst(InternalCalls.SECRET_HEADER);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.setStatusCode(403);
            exchange.endExchange();
            return;
        }
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.setStatusCode(405);
            exchange.endExchange();
            return;
        }
        if (exchange.getRequestContentLength() > maxBody) {
            exchange.setStatusCode(413);
            exchange.endExchange();
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> ex.dispatch(() -> answer(ex, body)),
                (ex, e) -> {
                    ex.setStatusCode(400);
                    ex.endExchange();
                });
    }

    private void answer(HttpServerExchange exchange, byte[] body) {
        try {
            byte[] result = call(exchange.getRequestPath(), new Lib0Decoder(body));
            if (result == null) {
                exchange.setStatusCode(404);
                exchange.endExchange();
                return;
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
            exchange.getResponseSender().send(ByteBuffer.wrap(result));
        } catch (TandemException e) {
            exchange.setStatusCode(e.status());
            exchange.getResponseSender().send(e.code() + "\n" + e.getMessage(), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            log.warn("The call {} failed", exchange.getRequestPath(), e);
            exchange.setStatusCode(500);
            exchange.getResponseSender().send("error\n" + e.getMessage(), StandardCharsets.UTF_8);
        }
    }

    /** Runs one call; null for an unknown one. */
    private byte[] call(String path, Lib0Decoder in) {
        Lib0Encoder out = new Lib0Encoder();
        switch (path) {
            case InternalCalls.READ -> {
                RoomKey key = new RoomKey(in.readVarUint(), in.readVarString());
                out.writeVarString(documents.read(key, Path.of(in.readVarString())));
            }
            case InternalCalls.EDIT -> {
                RoomKey key = new RoomKey(in.readVarUint(), in.readVarString());
                Path file = Path.of(in.readVarString());
                LiveDocuments.Edited edited = documents.edit(key, file, InternalCalls.readEdits(in));
                out.writeVarString(edited.text());
                out.writeUint8(edited.live() ? 1 : 0);
            }
            case InternalCalls.MOVED -> rooms.moved(in.readVarUint(), in.readVarString(), in.readVarString());
            case InternalCalls.DELETED -> rooms.deleted(in.readVarUint(), in.readVarString());
            case InternalCalls.WORKSPACE_DELETED -> rooms.workspaceDeleted(in.readVarUint());
            default -> {
                return null;
            }
        }
        return out.toByteArray();
    }
}
