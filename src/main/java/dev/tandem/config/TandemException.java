package dev.tandem.config;

/**
 * A failure the caller caused or can act on. It carries the HTTP status and a stable error code,
 * so the REST API answers {@code {"error": code, "message": text}} and the UI shows the message,
 * without either knowing which service threw it.
 */
public class TandemException extends RuntimeException {

    private final int status;
    private final String code;

    public TandemException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static TandemException badRequest(String message) {
        return new TandemException(400, "bad_request", message);
    }

    public static TandemException notFound(String message) {
        return new TandemException(404, "not_found", message);
    }

    public static TandemException forbidden(String message) {
        return new TandemException(403, "forbidden", message);
    }

    public static TandemException conflict(String message) {
        return new TandemException(409, "conflict", message);
    }

    public static TandemException tooLarge(String message) {
        return new TandemException(413, "too_large", message);
    }
}
