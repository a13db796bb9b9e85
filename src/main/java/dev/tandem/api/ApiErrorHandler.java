package dev.tandem.api;

import dev.tandem.config.TandemException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Every API error is JSON {@code {"error": code, "message": text}} with its HTTP status. */
@RestControllerAdvice(basePackages = "dev.tandem.api")
class ApiErrorHandler {

    @ExceptionHandler(TandemException.class)
    ResponseEntity<Map<String, String>> tandem(TandemException e) {
        return error(HttpStatus.valueOf(e.status()), e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "malformed_request", "The request body is not valid JSON of the expected shape");
    }

    /** Spring's multipart limit ({@code spring.servlet.multipart.*}, set from {@code tandem.max-upload-size}). */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Map<String, String>> uploadTooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "too_large", "The upload is larger than the server accepts");
    }

    @ExceptionHandler({MultipartException.class, MissingServletRequestParameterException.class,
            MissingServletRequestPartException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> badParameter(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", "A parameter of the request is missing or malformed");
    }

    static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", code, "message", message));
    }
}
