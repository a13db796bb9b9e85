package dev.tandem.collab;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** The websocket under a {@link Connection}, whatever server carries it. */
interface ClientSocket {

    /** Starts sending one binary message; {@code sent} is told later whether it went out. */
    void send(ByteBuffer message, Consumer<Boolean> sent);

    /** Sends a close frame with {@code reason} and closes the socket. */
    void close(CloseReason reason);
}
