package dev.tandem.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The API's answers to unauthenticated (401) and forbidden (403) requests, in the same JSON shape
 * as every other API error. No redirect to the login page, and no {@code WWW-Authenticate: Basic}
 * (which makes browsers pop up a password dialog) except where Basic is really accepted.
 */
final class JsonSecurityErrors {

    static final String BASIC_ONLY_ON_TOKENS =
            "HTTP Basic is accepted only by POST /api/v1/tokens; send Authorization: Bearer <token>";

    private final ObjectMapper json;

    JsonSecurityErrors(ObjectMapper json) {
        this.json = json;
    }

    /** 401 for a request without valid credentials; {@code challenge} goes into WWW-Authenticate. */
    AuthenticationEntryPoint entryPoint(String challenge) {
        return (request, response, e) -> {
            // Spring's messages for failed sign-ins are ours (see PasswordAuthenticationProvider);
            // "insufficient" means no credentials were sent at all.
            String message = e instanceof InsufficientAuthenticationException || e.getMessage() == null
                    ? "Sign in, or send Authorization: Bearer <token>"
                    : e.getMessage();
            unauthorized(response, challenge, message);
        };
    }

    void unauthorized(HttpServletResponse response, String challenge, String message) throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", message);
    }

    AccessDeniedHandler accessDeniedHandler() {
        return (request, response, e) -> {
            if (e instanceof CsrfException) {
                write(response, HttpServletResponse.SC_FORBIDDEN, "csrf",
                        "This request needs the CSRF token of your session in the X-CSRF-TOKEN header;"
                                + " get it from GET /api/v1/csrf");
            } else {
                write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "You are not allowed to do this");
            }
        };
    }

    private void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Map.of("error", code, "message", message));
    }
}
