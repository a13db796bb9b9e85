package dev.tandem.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back to the login view after a failed form sign-in: {@code ?error} for every failure a stranger
 * could cause (unknown name, wrong password, lock), {@code ?error=disabled} only after the right
 * password for a disabled account.
 */
final class LoginFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String query = exception instanceof DisabledException ? "?error=disabled" : "?error";
        response.sendRedirect(request.getContextPath() + "/login" + query);
    }
}
