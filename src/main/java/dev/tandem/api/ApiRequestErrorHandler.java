package dev.tandem.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Requests Spring MVC rejects before any controller runs, answered in the API's JSON error shape
 * instead of the servlet container's error page.
 */
@RestControllerAdvice(basePackages = "dev.tandem.api")
class ApiRequestErrorHandler {

    @ExceptionHandler(ServletRequestBindingException.class)
    ResponseEntity<Map<String, String>> badArgument(Exception e) {
        return ApiErrorHandler.error(HttpStatus.BAD_REQUEST, "bad_request", "A required header or parameter is missing or malformed");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, String>> method(HttpRequestMethodNotSupportedException e) {
        return ApiErrorHandler.error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "This resource does not accept " + e.getMethod());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ApiErrorHandler.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the request body as application/json");
    }
}
