package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.security.WebSocketAuthenticator;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Checks a websocket upgrade to {@code /collab/{workspaceId}/{filePath}} before it is accepted:
 * who is calling (session, ticket or token), that they are a member, and that the file exists and
 * is small enough. Refusals answer 400/401/403/404/413 and no socket is opened.
 * {@code /collab/{workspaceId}} alone opens the workspace's presence room.
 */
@Component
class CollabHandshake implements HandshakeInterceptor {

    static final String CONNECTION_INFO = "collab.info";

    /** What the handler needs to know about an accepted upgrade. */
    record Info(String username, RoomKey key, Role role, Path file) {
    }

    private final WebSocketAuthenticator authenticator;
    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final CollabProperties properties;

    CollabHandshake(WebSocketAuthenticator authenticator, WorkspaceService workspaces, WorkspaceFiles files,
                    CollabProperties properties) {
        this.authenticator = authenticator;
        this.workspaces = workspaces;
        this.files = files;
        this.properties = properties;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        Optional<RoomKey> key = parse(http.getRequestURI().substring(http.getContextPath().length()));
        if (key.isEmpty()) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        long workspaceId = key.get().workspaceId();
        Optional<WebSocketAuthenticator.Identity> identity = authenticator.admit(http, workspaceId, response);
        if (identity.isEmpty()) {
            return false;
        }
        String username = identity.get().username();
        try {
            Role role = workspaces.roleOf(username, workspaceId);
            Path file = null;
            if (!key.get().presence()) {
                file = files.resolve(username, workspaceId, key.get().path());
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    response.setStatusCode(HttpStatus.NOT_FOUND);
                    return false;
                }
                if (Files.size(file) > properties.maxDocumentSize().toBytes()) {
                    response.setStatusCode(HttpStatus.PAYLOAD_TOO_LARGE);
                    return false;
                }
            }
            attributes.put(CONNECTION_INFO, new Info(username, key.get(), role, file));
            return true;
        } catch (TandemException e) {
            response.setStatusCode(HttpStatus.valueOf(e.status()));
            return false;
        } catch (IOException e) {
            response.setStatusCode(HttpStatus.NOT_FOUND);
            return false;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing to do
    }

    /**
     * {@code /collab/12/src%2Fmain%2FApp.java} → workspace 12, {@code src/main/App.java}. The path is
     * one percent-encoded segment (further raw segments are accepted too); it is normalised and
     * confined by the workspace service later.
     */
    static Optional<RoomKey> parse(String uri) {
        String prefix = "/collab/";
        if (!uri.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = uri.substring(prefix.length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String encodedPath = slash < 0 ? "" : rest.substring(slash + 1);
        long workspaceId;
        try {
            workspaceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<String> path = percentDecode(encodedPath);
        if (path.isEmpty() || workspaceId <= 0) {
            return Optional.empty();
        }
        return Optional.of(RoomKey.of(workspaceId, path.get()));
    }

    /** Percent-decoding of a URI path ({@code +} stays a plus); empty for broken escapes or bad UTF-8. */
    static Optional<String> percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
