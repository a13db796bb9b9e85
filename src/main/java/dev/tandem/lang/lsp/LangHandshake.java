package dev.tandem.lang.lsp;

import dev.tandem.config.TandemException;
import dev.tandem.security.WebSocketAuthenticator;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
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
 * Checks an upgrade to {@code /lang/{workspaceId}}: who is calling (session, ticket or token) and
 * that they are a member. Refusals answer 400/401/403/404 and no socket is opened.
 */
@Component
class LangHandshake implements HandshakeInterceptor {

    static final String CONNECTION = "lang.connection";

    /** The accepted caller. */
    record Connection(String username, long workspaceId, Role role) {
    }

    private final WebSocketAuthenticator authenticator;
    private final WorkspaceService workspaces;

    LangHandshake(WebSocketAuthenticator authenticator, WorkspaceService workspaces) {
        this.authenticator = authenticator;
        this.workspaces = workspaces;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        String path = http.getRequestURI().substring(http.getContextPath().length());
        long workspaceId;
        try {
            workspaceId = Long.parseLong(path.substring("/lang/".length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        Optional<WebSocketAuthenticator.Identity> identity = authenticator.admit(http, workspaceId, response);
        if (identity.isEmpty()) {
            return false;
        }
        try {
            Role role = workspaces.roleOf(identity.get().username(), workspaceId);
            attributes.put(CONNECTION, new Connection(identity.get().username(), workspaceId, role));
            return true;
        } catch (TandemException e) {
            response.setStatusCode(HttpStatus.valueOf(e.status()));
            return false;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // Nothing to do after the upgrade.
    }
}
