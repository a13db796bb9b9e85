package dev.tandem.api;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * API requests that no controller takes (unknown path, wrong method, wrong body type), answered in
 * the API's JSON error shape. Not limited to the API's controllers, since none is chosen yet; only
 * Spring MVC sees these requests (the UI is Vaadin's servlet), and of those only the API's.
 */
@RestControllerAdvice
class ApiRoutingErrorHandler {

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NoResourceFoundException e) {
        return ApiErrorHandler.error(HttpStatus.NOT_FOUND, "not_found", "No such API resource: /" + e.getResourcePath());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, String>> method(HttpRequestMethodNotSupportedException e) {
        return ApiErrorHandler.error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "This resource does not accept " + e.getMethod());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, String>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ApiErrorHandler.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "This resource does not accept a body of type " + e.getContentType());
    }
}
