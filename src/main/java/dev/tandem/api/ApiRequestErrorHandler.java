package dev.tandem.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A request a controller was chosen for but cannot bind (a required header or parameter missing). */
@RestControllerAdvice(basePackages = "dev.tandem.api")
class ApiRequestErrorHandler {

    @ExceptionHandler(ServletRequestBindingException.class)
    ResponseEntity<Map<String, String>> badArgument(ServletRequestBindingException e) {
        return ApiErrorHandler.error(HttpStatus.BAD_REQUEST, "bad_request", "A required header or parameter is missing or malformed");
    }
}
