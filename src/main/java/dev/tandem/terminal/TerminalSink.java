package dev.tandem.terminal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One connected client of a terminal (a websocket). Sends are asynchronous: the attachment has at
 * most one send outstanding and starts the next from {@code done}, so whichever thread produced the
 * output (the terminal's reader) sends it without handing it to another thread, and no thread ever
 * blocks on a slow client. {@code done} may run inline, before the send method returns.
 */
public interface TerminalSink {

    /** Sends one binary frame; {@code done} gets true once it is written, false when the connection failed. */
    void sendBinary(ByteBuffer data, Consumer<Boolean> done);

    /** Sends one text frame; as {@link #sendBinary}. */
    void sendText(String json, Consumer<Boolean> done);

    /** Closes the connection; {@code code} is a websocket close status. */
    void close(int code, String reason);

    /**
     * Drops the connection at once, from any thread, without a closing handshake: for a client so far
     * behind that even a close frame would wait behind its unread output. A pending send fails.
     */
    void abort();

    /** Stops reading the client's messages (its keystrokes wait in TCP) until {@link #resumeInput}. */
    void pauseInput();

    void resumeInput();
}
