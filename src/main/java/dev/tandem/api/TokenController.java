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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The caller's personal access tokens. Minting also accepts HTTP Basic (see SecurityConfig). */
@Tag(name = "Access tokens", description = "Personal access tokens of the caller")
@SecurityRequirement(name = "token")
@SecurityRequirement(name = "session")
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
    @Operation(summary = "Mint a token; the secret is in this answer only", security = {
            @SecurityRequirement(name = "password"), @SecurityRequirement(name = "token"),
            @SecurityRequirement(name = "session")})
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(Principal caller, @RequestBody NewToken request) {
        return tokens.create(caller.getName(), request.name());
    }

    @GetMapping
    @Operation(summary = "The caller's active tokens, never their secrets")
    List<TokenInfo> list(Principal caller) {
        return tokens.list(caller.getName());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke one of the caller's tokens")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Principal caller, @PathVariable long id) {
        tokens.revoke(caller.getName(), id);
    }
}
