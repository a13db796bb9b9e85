package dev.tandem.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.server.HandshakeRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Who opens a websocket. The security filter chain lets upgrade requests to {@code /collab/**},
 * {@code /terminal/**} and {@code /lang/**} through; each endpoint asks this class instead, so that
 * all of them accept the same three credentials, tried in this order:
 * <ol>
 * <li>{@code ?ticket=} from {@code POST /api/v1/tickets}: used up on the spot, and valid only for
 * the workspace it was issued for ({@link Identity#workspaceId()});</li>
 * <li>{@code Authorization: Bearer <personal access token>} (programs, not browsers);</li>
 * <li>the signed-in session, if the request comes from a page of this server (the {@code Origin}
 * header, when present, must name this host: cookies alone would let any site open the socket).</li>
 * </ol>
 * A credential that is present but invalid is a refusal; there is no falling back to the next.
 * Endpoints must still check the workspace role with the workspace service: a ticket proves
 * membership at issue time only.
 */
@Component
public class WebSocketAuthenticator {

    /**
     * The authenticated user. {@code workspaceId} is set when a ticket was used: the socket may only
     * be for that workspace.
     */
    public record Identity(String username, Long workspaceId) {

        /** Whether this identity may open a socket for {@code workspaceId} (membership still to be checked). */
        public boolean mayOpen(long workspaceId) {
            return this.workspaceId == null || this.workspaceId == workspaceId;
        }
    }

    /** The parts of an upgrade request that matter here; any of them may be null. */
    public record Credentials(String ticket, String authorization, Principal sessionPrincipal, String origin, String host) {
    }

    private final TicketService tickets;
    private final TokenService tokens;
    private final UserService users;

    public WebSocketAuthenticator(TicketService tickets, TokenService tokens, UserService users) {
        this.tickets = tickets;
        this.tokens = tokens;
        this.users = users;
    }

    /** Authenticates an upgrade request, or answers empty: the endpoint should then refuse it. */
    public Optional<Identity> authenticate(Credentials credentials) {
        if (credentials.ticket() != null) {
            return tickets.redeem(credentials.ticket()).map(grant -> new Identity(grant.username(), grant.workspaceId()));
        }
        if (credentials.authorization() != null) {
            String[] parts = credentials.authorization().strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
                return Optional.empty();
            }
            return tokens.authenticate(parts[1]).map(user -> new Identity(user.username(), null));
        }
        Principal principal = credentials.sessionPrincipal();
        if (principal == null || principal instanceof AnonymousAuthenticationToken || !sameOrigin(credentials)) {
            return Optional.empty();
        }
        return users.find(principal.getName()).filter(User::enabled).map(user -> new Identity(user.username(), null));
    }

    /** For Spring WebSocket handshakes and plain servlet upgrades. */
    public Optional<Identity> authenticate(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            principal = sessionAuthentication(request.getSession(false));
        }
        return authenticate(new Credentials(request.getParameter("ticket"), request.getHeader(HttpHeaders.AUTHORIZATION),
                principal, request.getHeader(HttpHeaders.ORIGIN), request.getHeader(HttpHeaders.HOST)));
    }

    /**
     * For an upgrade request that another process of Tandem received (the document server) and
     * asks about in {@code request}: the cookie, {@code Authorization} and {@code Origin} headers
     * are forwarded as this request's own; the ticket and the {@code Host} the client addressed are
     * given apart.
     */
    public Optional<Identity> authenticateForwarded(HttpServletRequest request, String ticket, String host) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            principal = sessionAuthentication(request.getSession(false));
        }
        return authenticate(new Credentials(ticket, request.getHeader(HttpHeaders.AUTHORIZATION), principal,
                request.getHeader(HttpHeaders.ORIGIN), host));
    }

    /**
     * Authenticates an upgrade request for a socket of {@code workspaceId}, or refuses it on
     * {@code response}: 401 without valid credentials, 403 for a ticket issued for another
     * workspace. The caller still checks membership and role.
     */
    public Optional<Identity> admit(HttpServletRequest request, long workspaceId, ServerHttpResponse response) {
        Optional<Identity> identity = authenticate(request);
        if (identity.isEmpty()) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
        } else if (!identity.get().mayOpen(workspaceId)) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return Optional.empty();
        }
        return identity;
    }

    /** For {@code jakarta.websocket} endpoints, from {@code ServerEndpointConfig.Configurator.modifyHandshake}. */
    public Optional<Identity> authenticate(HandshakeRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null && request.getHttpSession() instanceof HttpSession session) {
            principal = sessionAuthentication(session);
        }
        Map<String, List<String>> headers = request.getHeaders();
        return authenticate(new Credentials(parameter(request.getParameterMap(), "ticket"),
                first(headers, HttpHeaders.AUTHORIZATION), principal,
                first(headers, HttpHeaders.ORIGIN), first(headers, HttpHeaders.HOST)));
    }

    private static Authentication sessionAuthentication(HttpSession session) {
        if (session == null) {
            return null;
        }
        Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        if (context instanceof SecurityContext security && security.getAuthentication() != null
                && security.getAuthentication().isAuthenticated()) {
            return security.getAuthentication();
        }
        return null;
    }

    private static boolean sameOrigin(Credentials credentials) {
        if (credentials.origin() == null) {
            return true;
        }
        if (credentials.host() == null) {
            return false;
        }
        try {
            String authority = URI.create(credentials.origin()).getAuthority();
            return authority != null && authority.equalsIgnoreCase(credentials.host());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String parameter(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters == null ? null : parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Header names ignore case, as HTTP says, whatever map the container hands over. */
    private static String first(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }
}
