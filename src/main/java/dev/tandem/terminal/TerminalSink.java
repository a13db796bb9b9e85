package dev.tandem.terminal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One connected client of a terminal (a websocket). A single sender thread calls it, so an
 * implementation need not be thread-safe; sends may block while the client is slow, which is what
 * pauses the terminal.
 */
public interface TerminalSink {

    void sendBinary(ByteBuffer data) throws IOException;

    void sendText(String json) throws IOException;

    /** Closes the connection; {@code code} is a websocket close status. */
    void close(int code, String reason);

    /**
     * Drops the connection at once, from any thread, without a closing handshake: for a client so far
     * behind that even a close frame would wait behind its unread output. A send blocked on it fails.
     */
    void abort();
}
