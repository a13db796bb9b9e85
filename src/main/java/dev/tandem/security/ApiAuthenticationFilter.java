package dev.tandem.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by their {@code Authorization} header, and keeps session sign-ins honest.
 * <ul>
 * <li>{@code Bearer tdm_...}: a personal access token; an unknown, revoked or disabled one is a 401,
 * never a fall-back to the session.</li>
 * <li>{@code Basic}: left to Spring's Basic filter where it is allowed (minting tokens), a 401 elsewhere.</li>
 * <li>no header, signed in by session: the account is looked up again, so that a disabled account
 * loses its sessions at once and role changes apply to the next request.</li>
 * </ul>
 * The authentication it sets lives only for this request; nothing is written to the session.
 */
final class ApiAuthenticationFilter extends OncePerRequestFilter {

    private final TokenService tokens;
    private final UserService users;
    private final JsonSecurityErrors errors;
    private final boolean basicAllowed;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiAuthenticationFilter(TokenService tokens, UserService users, JsonSecurityErrors errors, boolean basicAllowed) {
        this.tokens = tokens;
        this.users = users;
        this.errors = errors;
        this.basicAllowed = basicAllowed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            String scheme = header.split(" ", 2)[0].toLowerCase(Locale.ROOT);
            if (scheme.equals("bearer")) {
                Optional<User> user = tokens.authenticate(header.substring(scheme.length()).strip());
                if (user.isEmpty()) {
                    errors.unauthorized(response, "Bearer", "The token is unknown or revoked, or its account is disabled");
                    return;
                }
                signIn(user.get());
            } else if (!(scheme.equals("basic") && basicAllowed)) {
                errors.unauthorized(response, "Bearer", JsonSecurityErrors.BASIC_ONLY_ON_TOKENS);
                return;
            }
        } else if (!refreshSessionUser(request)) {
            errors.unauthorized(response, "Bearer", "This account is disabled");
            return;
        }
        chain.doFilter(request, response);
    }

    /** False when the session belongs to an account that is gone or disabled; the session is then ended. */
    private boolean refreshSessionUser(HttpServletRequest request) {
        Authentication current = contexts.getContext().getAuthentication();
        if (current == null || current instanceof AnonymousAuthenticationToken || !current.isAuthenticated()) {
            return true;
        }
        Optional<User> user = users.find(current.getName()).filter(User::enabled);
        if (user.isEmpty()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            contexts.clearContext();
            return false;
        }
        signIn(user.get());
        return true;
    }

    private void signIn(User user) {
        var context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                Principals.user(user.username(), user.admin()), null, Principals.authorities(user.admin())));
        contexts.setContext(context);
    }
}
