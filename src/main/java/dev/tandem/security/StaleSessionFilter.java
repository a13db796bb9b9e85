package dev.tandem.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a browser's background request (an icon, the manifest, a service worker's fetch) that
 * names a session which no longer exists, before anything can start a new session for it.
 *
 * <p>Signing in changes the session id (protection against session fixation). Requests the login
 * page or its service worker sent just before, with the old id, can arrive after the change. Vaadin
 * answers such a request (a PWA icon, say) by starting a new, anonymous session, and that
 * response's cookie replaces the signed-in session's in the browser: the dashboard that was just
 * opened then finds itself anonymous and is sent back to the login view. Refusing the stale
 * request leaves the browser's cookie alone.
 *
 * <p>Left through: page loads ({@code Sec-Fetch-Mode: navigate}), which rightly start a new session
 * when the old one is gone; websocket upgrades, whose endpoints authenticate themselves; Vaadin's
 * own requests (a {@code v-r} parameter), which answer "session expired" without starting one; and
 * clients that send no {@code Sec-Fetch-Mode} at all (not a browser).
 */
final class StaleSessionFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isStaleBackgroundRequest(request)) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isStaleBackgroundRequest(HttpServletRequest request) {
        if (request.getRequestedSessionId() == null || request.isRequestedSessionIdValid()) {
            return false;
        }
        String mode = request.getHeader("Sec-Fetch-Mode");
        if (mode == null || mode.equals("navigate") || mode.equals("websocket")) {
            return false;
        }
        String query = request.getQueryString();
        return query == null || !(query.startsWith("v-r=") || query.contains("&v-r="));
    }
}
