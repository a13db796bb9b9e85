package dev.tandem.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a URL that Spring Security's firewall refuses ({@code ..}, encoded '/', '%', NUL,
 * backslash...) with a JSON 400 written here. The default handler uses {@code sendError}, whose
 * error dispatch goes through the login-protected UI chain and ends as a redirect to the login page.
 */
@Component
class JsonRequestRejectedHandler implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"bad_path\",\"message\":\"The URL contains a path that is not allowed\"}");
    }
}
