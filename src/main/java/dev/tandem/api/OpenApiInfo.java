package dev.tandem.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** Title and version of the OpenAPI document served at {@code /api/v1/openapi}. */
@Configuration
@OpenAPIDefinition(info = @Info(title = "Tandem API", version = "v1",
        description = "REST API of Tandem. Errors are JSON {\"error\": code, \"message\": text}."))
class OpenApiInfo {
}
