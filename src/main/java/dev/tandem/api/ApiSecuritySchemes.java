package dev.tandem.api;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.springframework.context.annotation.Configuration;

/** How API clients authenticate, as the OpenAPI document states it. */
@Configuration
@SecuritySchemes({
    @SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
            description = "A personal access token (tdm_...) from POST /api/v1/tokens or the Access tokens page"),
    @SecurityScheme(name = "password", type = SecuritySchemeType.HTTP, scheme = "basic",
            description = "Username and password; accepted only by POST /api/v1/tokens"),
    @SecurityScheme(name = "session", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
            paramName = "JSESSIONID",
            description = "The session of a signed-in browser; unsafe methods also need the X-CSRF-TOKEN header"
                    + " from GET /api/v1/csrf")
})
class ApiSecuritySchemes {
}
