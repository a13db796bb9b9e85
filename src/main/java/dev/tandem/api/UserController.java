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

/** Account administration; the security chain lets only administrators in. */
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
    List<User> list() {
        return users.list();
    }

    @GetMapping("/{username}")
    User get(@PathVariable String username) {
        return users.require(username);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    User create(@RequestBody NewUser request) {
        return users.create(request.username(), request.password(), Boolean.TRUE.equals(request.admin()));
    }

    @PatchMapping("/{username}")
    User update(@PathVariable String username, @RequestBody UserChanges changes) {
        if (changes.enabled() == null && changes.admin() == null && changes.password() == null) {
            throw TandemException.badRequest("Send at least one of enabled, admin, password");
        }
        return users.update(username, changes.enabled(), changes.admin(), changes.password());
    }
}
