package dev.tandem.api;

import dev.tandem.config.TandemException;
import dev.tandem.security.User;
import dev.tandem.security.UserService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Account administration; the security chain lets only administrators in. */
@Tag(name = "Users", description = "Account administration (administrators only)")
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "session")
@RestController
@RequestMapping("/api/v1/users")
class UserController {

    record NewUser(String username, String password, Boolean admin) {
    }

    record UserChanges(Boolean enabled, Boolean admin, String password) {
    }

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    @GetMapping
    @Operation(summary = "All accounts")
    List<User> list() {
        return users.list();
    }

    @GetMapping("/{username}")
    @Operation(summary = "One account")
    User get(@PathVariable String username) {
        return users.require(username);
    }

    @PostMapping
    @Operation(summary = "Create an account")
    @ResponseStatus(HttpStatus.CREATED)
    User create(@RequestBody NewUser request) {
        return users.create(request.username(), request.password(), Boolean.TRUE.equals(request.admin()));
    }

    @PatchMapping("/{username}")
    @Operation(summary = "Enable or disable, grant or revoke admin, reset the password")
    User update(@PathVariable String username, @RequestBody UserChanges changes) {
        if (changes.enabled() == null && changes.admin() == null && changes.password() == null) {
            throw TandemException.badRequest("Send at least one of enabled, admin, password");
        }
        return users.update(username, changes.enabled(), changes.admin(), changes.password());
    }
}
