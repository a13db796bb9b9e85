package dev.tandem.collab;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A {@link ClientSocket} that frames the websocket protocol itself (RFC 6455) on the connection
 * Undertow hands over after the handshake ({@link WebSocketHandshake}). Undertow's own websocket
 * layer builds a frame channel, listener setters, header buffers and queue nodes for every frame;
 * at a few thousand frames a second that garbage was a quarter of the document server's, and its
 * young collections are what an edit waits for at the tail (docs/collab.md, <i>Performance</i>).
 * Here a typed edit's frame, the common case, allocates nothing: it is copied with its header into
 * a buffer the socket keeps, and goes out in one write.
 *
 * <p>Writes come from the rooms' threads and from the I/O thread when the socket drains; reads
 * only from the I/O thread. Callbacks and closing the connection happen outside the lock, since
 * they reach back into {@link Connection}, which calls in under its own.
 */
final class WebSocketStream implements ClientSocket, WebSocketFrameReader.Frames {

    /** Who is told of the client's messages and of the end of the connection. */
    interface Receiver {

        /** For a socket that is closed as it opens. */
        Receiver NOBODY = new Receiver() {
            @Override
            public void message(byte[] data) {
            }

            @Override
            public void closed() {
            }
        };

        void message(byte[] data);

        void closed();
    }

    private static final int CLOSE_WAIT_SECONDS = 5;
    /** Frames up to this size are copied into {@link #keptFrame}; a sync step 2 of a whole document is not. */
    private static final int KEPT_FRAME_BYTES = 2048;
    private static final int MAX_HEADER_BYTES = 10;
    /** A close frame's payload is at most 125 bytes: the code's 2 and the reason's 123. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** The FIN bit of a frame's first byte: the frame is a whole message, or its last fragment. */
    private static final int FIN = 0x80;

    private final StreamConnection connection;
    private final ConduitStreamSinkChannel sink;
    private final ByteBufferPool pool;
    private final WebSocketFrameReader reader;
    /** Set once reading starts; read by whichever thread closes the connection. */
    private volatile Receiver receiver;

    /**
     * The one binary frame that may be outstanding ({@link Connection} sends one at a time). One of
     * up to {@link #KEPT_FRAME_BYTES}, a typed edit or a cursor move, is copied into a buffer the
     * socket keeps; a larger one is written from its array behind a header of its own.
     */
    private ByteBuffer keptFrame;
    private ByteBuffer[] keptFrameArray;

    /** The frame being written and who is told when it is out (null for control frames); null when idle. */
    private ByteBuffer[] writing;
    private Sent writingSent;
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    /** Written under the lock; read without it for every message the client sends. */
    private volatile boolean closeQueued;
    private boolean closeWritten;
    private boolean closeReceived;
    private boolean broken;
    private boolean ended;

    private record Outgoing(ByteBuffer[] frame, Sent sent) {
    }

    WebSocketStream(StreamConnection connection, ByteBufferPool pool, long maxMessageSize) {
        this.connection = connection;
        this.sink = connection.getSinkChannel();
        this.pool = pool;
        this.reader = new WebSocketFrameReader(this, maxMessageSize);
        sink.getWriteSetter().set(channel -> drain());
    }

    /**
     * Starts reading; {@code messages} hears of every message and of the end. Sending may start
     * before, so that a client's first message finds its room joined.
     */
    void start(Receiver messages) {
        receiver = messages;
        connection.setCloseListener(closed -> closed());
        if (!connection.isOpen()) {
            // A send broke the connection before it started.
            closed();
            return;
        }
        ConduitStreamSourceChannel source = connection.getSourceChannel();
        source.getReadSetter().set(this::readable);
        source.resumeReads();
    }

    @Override
    public void send(byte[] message, Sent sent) {
        boolean out;
        synchronized (this) {
            if (broken || closeQueued) {
                out = false;
            } else if (writeOrQueue(binaryFrame(message), sent)) {
                out = !broken;
            } else {
                return;
            }
        }
        afterWrite(out, sent);
    }

    /** {@code message} as a binary frame, ready to write. Holds the lock. */
    private ByteBuffer[] binaryFrame(byte[] message) {
        if (message.length + MAX_HEADER_BYTES > KEPT_FRAME_BYTES) {
            ByteBuffer header = ByteBuffer.allocate(MAX_HEADER_BYTES);
            header(header, FIN | WebSocketFrameReader.BINARY, message.length);
            return new ByteBuffer[] {header.flip(), ByteBuffer.wrap(message)};
        }
        if (keptFrame == null) {
            keptFrame = ByteBuffer.allocate(KEPT_FRAME_BYTES);
            keptFrameArray = new ByteBuffer[] {keptFrame};
        }
        keptFrame.clear();
        header(keptFrame, FIN | WebSocketFrameReader.BINARY, message.length);
        keptFrame.put(message).flip();
        return keptFrameArray;
    }

    @Override
    public void close(CloseReason reason) {
        queueControl(closeFrame(reason.code(), reason.reason()), true);
    }

    @Override
    public void message(byte[] data) {
        // After the close frame, the client's messages are not taken any more (RFC 6455 5.5.1).
        if (!closeQueued) {
            receiver.message(data);
        }
    }

    @Override
    public void ping(byte[] payload) {
        queueControl(controlFrame(WebSocketFrameReader.PONG, payload), false);
    }

    @Override
    public void close(int code, String reason) {
        boolean echo;
        boolean done;
        synchronized (this) {
            closeReceived = true;
            echo = !closeQueued;
            done = closeWritten;
        }
        if (echo) {
            // The answering close repeats the client's code (not its reason); the connection ends once it is out.
            queueControl(code == WebSocketFrameReader.NO_CODE
                    ? controlFrame(WebSocketFrameReader.CLOSE, new byte[0]) : closeFrame(code, ""), true);
        } else if (done) {
            IoUtils.safeClose(connection);
        }
    }

    @Override
    public void fail(CloseReason why) {
        close(why);
    }

    /** Queues a pong or close frame behind what is being written; nothing is queued after a close. */
    private void queueControl(ByteBuffer[] frame, boolean isClose) {
        boolean out;
        synchronized (this) {
            if (broken || closeQueued) {
                return;
            }
            closeQueued = isClose;
            if (!writeOrQueue(frame, null)) {
                return;
            }
            out = !broken;
        }
        afterWrite(out, null);
    }

    /**
     * Writes {@code frame} now when nothing else is being written, or queues it behind what is;
     * true when it went out now (or the socket broke). Holds the lock.
     */
    private boolean writeOrQueue(ByteBuffer[] frame, Sent sent) {
        if (writing != null) {
            waiting.add(new Outgoing(frame, sent));
            return false;
        }
        writing = frame;
        writingSent = sent;
        if (!writeOut()) {
            return false;
        }
        writing = null;
        writingSent = null;
        return true;
    }

    /**
     * Writes {@link #writing} as far as the socket takes it; true when all of it is out, or when the
     * socket broke ({@link #broken}). Otherwise the I/O thread continues once the socket can take
     * more ({@link #drain}). Holds the lock.
     */
    private boolean writeOut() {
        try {
            long remaining = remaining(writing);
            while (remaining > 0) {
                long written = sink.write(writing, 0, writing.length);
                if (written <= 0) {
                    break;
                }
                remaining -= written;
            }
            if (remaining == 0 && sink.flush()) {
                return true;
            }
            sink.resumeWrites();
            return false;
        } catch (IOException e) {
            broken = true;
            return true;
        }
    }

    /** The I/O thread's turn when the socket can take more: the frame in progress, then those waiting. */
    private void drain() {
        List<Sent> sent = new ArrayList<>();
        boolean ok;
        synchronized (this) {
            while (writing != null && writeOut()) {
                if (writingSent != null) {
                    sent.add(writingSent);
                }
                Outgoing next = broken ? null : waiting.poll();
                writing = next == null ? null : next.frame();
                writingSent = next == null ? null : next.sent();
            }
            if (writing == null) {
                sink.suspendWrites();
            }
            ok = !broken;
        }
        for (Sent each : sent) {
            each.sent(ok);
        }
        afterWrite(ok, null);
    }

    /**
     * After a frame went out (or the socket broke): tells {@code sent}, and once the close frame is
     * out either ends the connection (the client's close came already) or waits for the client's
     * answer a while. Not under the lock.
     */
    private void afterWrite(boolean ok, Sent sent) {
        if (sent != null) {
            sent.sent(ok);
        }
        boolean end;
        boolean awaitAnswer;
        synchronized (this) {
            boolean closeOut = closeQueued && writing == null && !closeWritten;
            closeWritten |= closeOut;
            end = !ok || (closeOut && closeReceived);
            awaitAnswer = ok && closeOut && !closeReceived;
        }
        if (end) {
            IoUtils.safeClose(connection);
        } else if (awaitAnswer) {
            // Our side is done: the client, told by the close frame and the end of our stream, answers
            // and closes its side; one that never does (gone, or too slow to read) is cut off later.
            try {
                sink.shutdownWrites();
                sink.flush();
            } catch (IOException e) {
                IoUtils.safeClose(connection);
                return;
            }
            connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Reads what the client sent; after the reading stopped (a close, a broken rule), reads only to discard. */
    private void readable(ConduitStreamSourceChannel source) {
        try (PooledByteBuffer pooled = pool.allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            int read;
            do {
                buffer.clear();
                read = source.read(buffer);
                buffer.flip();
                if (read > 0 && !reader.stopped()) {
                    reader.read(buffer);
                }
            } while (read > 0);
            if (read < 0) {
                IoUtils.safeClose(connection);
            }
        } catch (IOException e) {
            IoUtils.safeClose(connection);
        }
    }

    /** The connection is closed: whatever was not sent is told so, and the receiver hears of the end, once. */
    private void closed() {
        List<Sent> unsent = new ArrayList<>();
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            broken = true;
            if (writingSent != null) {
                unsent.add(writingSent);
            }
            for (Outgoing each : waiting) {
                if (each.sent() != null) {
                    unsent.add(each.sent());
                }
            }
            writing = null;
            writingSent = null;
            waiting.clear();
        }
        for (Sent each : unsent) {
            each.sent(false);
        }
        receiver.closed();
    }

    private static long remaining(ByteBuffer[] buffers) {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        return remaining;
    }

    /** Puts a frame header (server frames are not masked) at {@code into}'s position. */
    private static void header(ByteBuffer into, int first, int length) {
        into.put((byte) first);
        if (length < 126) {
            into.put((byte) length);
        } else if (length < 1 << 16) {
            into.put((byte) 126).putShort((short) length);
        } else {
            into.put((byte) 127).putLong(length);
        }
    }

    /** A close frame with a code and a reason, cut to the 123 bytes of UTF-8 a close frame has room for. */
    private static ByteBuffer[] closeFrame(int code, String reason) {
        String fitted = reason == null ? "" : reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        byte[] text = fitted.getBytes(StandardCharsets.UTF_8);
        return controlFrame(WebSocketFrameReader.CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /** A whole control frame (at most 125 bytes of payload, so a one-byte length). */
    private static ByteBuffer[] controlFrame(int opcode, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(2 + payload.length);
        header(frame, FIN | opcode, payload.length);
        return new ByteBuffer[] {frame.put(payload).flip()};
    }
}
