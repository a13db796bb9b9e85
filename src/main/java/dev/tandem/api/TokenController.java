package dev.tandem.api;

import dev.tandem.security.TokenService;
import dev.tandem.security.TokenService.CreatedToken;
import dev.tandem.security.TokenService.TokenInfo;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's personal access tokens. Minting also accepts HTTP Basic (see SecurityConfig). */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    record NewToken(String name) {
    }

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(Principal caller, @RequestBody NewToken request) {
        return tokens.create(caller.getName(), request.name());
    }

    @GetMapping
    List<TokenInfo> list(Principal caller) {
        return tokens.list(caller.getName());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Principal caller, @PathVariable long id) {
        tokens.revoke(caller.getName(), id);
    }
}
