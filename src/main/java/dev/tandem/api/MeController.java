package dev.tandem.api;

import dev.tandem.security.User;
import dev.tandem.security.UserService;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in account: who am I, change my password, my session's CSRF token. */
@RestController
class MeController {

    record PasswordChange(String currentPassword, String newPassword) {
    }

    private final UserService users;

    MeController(UserService users) {
        this.users = users;
    }

    @GetMapping("/api/v1/me")
    User me(Principal caller) {
        return users.require(caller.getName());
    }

    @PostMapping("/api/v1/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void changePassword(Principal caller, @RequestBody PasswordChange request) {
        users.changeOwnPassword(caller.getName(), request.currentPassword(), request.newPassword());
    }

    /**
     * For browser code that calls the API with the session cookie: unsafe requests must echo this
     * token in the named header. Clients using a bearer token need none.
     */
    @GetMapping("/api/v1/csrf")
    Map<String, String> csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return Map.of("headerName", token.getHeaderName(), "parameterName", token.getParameterName(),
                "token", token.getToken());
    }
}
