package dev.tandem.lang.lsp;

/** A request that fails with a JSON-RPC error code (the session goes on). */
final class JsonRpcException extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    static final int REQUEST_FAILED = -32803;
    static final int REQUEST_CANCELLED = -32800;
    static final int CONTENT_MODIFIED = -32801;

    private final int code;

    JsonRpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
