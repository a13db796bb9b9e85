package dev.tandem.collab;

/**
 * Why the server closes a connection: a websocket close code (RFC 6455, or one of
 * {@link Connection}'s own 44xx codes) and a reason for people.
 */
record CloseReason(int code, String reason) {

    static final int GOING_AWAY = 1001;
    static final int NOT_ACCEPTABLE = 1003;
    static final int BAD_DATA = 1007;
    static final int POLICY_VIOLATION = 1008;
    static final int TOO_BIG_TO_PROCESS = 1009;
    static final int SERVER_ERROR = 1011;
    static final int SERVICE_OVERLOAD = 1013;
}
