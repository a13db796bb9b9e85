package dev.tandem.terminal;

import dev.tandem.security.WebSocketAuthenticator;
import dev.tandem.security.WebSocketAuthenticator.Identity;
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
 * Authenticates the upgrade request (ticket, bearer token or session) and reads the path. A request
 * without valid credentials is refused with 401 before any websocket exists; everything else (unknown
 * workspace or terminal, role) is answered on the socket, where a browser can read the reason.
 */
@Component
class TerminalHandshake implements HandshakeInterceptor {

    static final String USERNAME = "tandem.username";
    static final String WORKSPACE = "tandem.workspaceId";
    static final String TERMINAL = "tandem.terminalId";
    static final String COLS = "tandem.cols";
    static final String ROWS = "tandem.rows";

    private final WebSocketAuthenticator authenticator;

    TerminalHandshake(WebSocketAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            response.setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
            return false;
        }
        String[] segments = request.getURI().getRawPath().split("/");
        // "", "terminal", workspaceId, terminalId
        Long workspaceId = segments.length == 4 ? parseId(segments[2]) : null;
        if (workspaceId == null || segments[3].isEmpty() || segments[3].length() > 64) {
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        Optional<Identity> identity = authenticator.admit(servlet.getServletRequest(), workspaceId, response);
        if (identity.isEmpty()) {
            return false;
        }
        attributes.put(USERNAME, identity.get().username());
        attributes.put(WORKSPACE, workspaceId);
        attributes.put(TERMINAL, segments[3]);
        attributes.put(COLS, intParameter(servlet, "cols"));
        attributes.put(ROWS, intParameter(servlet, "rows"));
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        // nothing to do
    }

    private static Long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int intParameter(ServletServerHttpRequest request, String name) {
        String value = request.getServletRequest().getParameter(name);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
