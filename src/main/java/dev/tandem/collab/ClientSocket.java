package dev.tandem.collab;

/** The websocket under a {@link Connection}, whatever server carries it. */
interface ClientSocket {

    /** Hears whether a message went out ({@code true}) or never will ({@code false}). */
    @FunctionalInterface
    interface Sent {
        void sent(boolean ok);
    }

    /**
     * Starts sending one binary message; {@code sent} is told later, or before this returns. One
     * message at a time: the next is sent after {@code sent} was told. The array is not changed.
     */
    void send(byte[] message, Sent sent);

    /** Sends a close frame with {@code reason} and closes the socket. */
    void close(CloseReason reason);
}
