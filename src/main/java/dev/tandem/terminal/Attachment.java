package dev.tandem.terminal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client attached to a terminal: its queue of outgoing output and control messages and its share
 * of the terminal's flow control. Output is sent asynchronously by whichever thread queued it (the
 * terminal's reader, in the common case): with nothing outstanding, a keystroke's echo goes straight
 * onto the socket without waking another thread; while a send is outstanding, what follows queues and
 * the send's completion starts the next one, joining queued output into frames of up to
 * {@link #FRAME} bytes.
 *
 * <p>Its backlog is the output queued or being sent plus, for a client that acknowledges what it has
 * rendered ({@code ack} messages), the output sent but not yet acknowledged. The terminal stops
 * reading its pty while any client's backlog is above the high watermark, so neither the server's
 * queues nor a browser's unrendered data grow without bound.
 *
 * <p>Locking: the terminal's lock may be held when calling into an attachment, never the reverse; an
 * attachment calls back into its terminal ({@code flowChanged}, {@code detach}) only without its own
 * lock, and never from {@link #enqueue} (which the reader calls under the terminal's lock).
 */
public final class Attachment {

    private static final Logger log = LoggerFactory.getLogger(Attachment.class);
    /** Output is sent in frames of at most this size: small enough to render smoothly, large enough to be cheap. */
    static final int FRAME = 64 * 1024;

    private record Text(String json) {
    }

    private record Close(int code, String reason) {
    }

    private final Terminal terminal;
    private final String username;
    private final TerminalSink sink;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long unackedBytes;
    private boolean acking;
    /** No more output is accepted: a close is queued (or the connection is gone). */
    private boolean closing;
    /** Nothing more is sent: the connection is closed or failed. */
    private boolean done;
    private boolean started;
    private boolean inFlight;
    private boolean inSendCall;
    /** A close to perform, or a detach to report, once the lock is released. */
    private Close pendingClose;
    private boolean pendingDetach;
    private boolean detached;
    private volatile long behindSince;

    Attachment(Terminal terminal, String username, TerminalSink sink) {
        this.terminal = terminal;
        this.username = username;
        this.sink = sink;
    }

    /** Queues the first messages, before the client is registered with its terminal (under its lock): nothing is sent yet. */
    synchronized void prime(String openedJson, byte[] scrollback) {
        queue.add(new Text(openedJson));
        for (int offset = 0; offset < scrollback.length; offset += FRAME) {
            queue.add(ByteBuffer.wrap(scrollback, offset, Math.min(FRAME, scrollback.length - offset)));
        }
        queuedBytes += scrollback.length;
    }

    /** Starts sending what was queued before the client was registered with its terminal. */
    void start() {
        synchronized (this) {
            started = true;
        }
        drive(true);
    }

    public Terminal terminal() {
        return terminal;
    }

    public String username() {
        return username;
    }

    TerminalSink sink() {
        return sink;
    }

    /** Queues output (called by the reader under the terminal's lock, so the send's follow-up waits for the reader). */
    void enqueue(byte[] data) {
        synchronized (this) {
            if (closing) {
                return;
            }
            for (int offset = 0; offset < data.length; offset += FRAME) {
                queue.add(ByteBuffer.wrap(data, offset, Math.min(FRAME, data.length - offset)));
            }
            queuedBytes += data.length;
        }
        drive(false);
    }

    /** Queues a JSON control message, in order with the output. */
    public void enqueueText(String json) {
        synchronized (this) {
            if (closing) {
                return;
            }
            queue.add(new Text(json));
        }
        drive(true);
    }

    /** Sends what is queued, then {@code lastJson} (if any), then closes the connection. */
    void finish(String lastJson, int code, String reason) {
        synchronized (this) {
            if (closing) {
                return;
            }
            if (lastJson != null) {
                queue.add(new Text(lastJson));
            }
            queue.add(new Close(code, reason));
            closing = true;
        }
        drive(true);
    }

    /** Closes at once, dropping what is still queued (a client that is gone or far behind). */
    void abort(String lastJson, int code, String reason) {
        synchronized (this) {
            queue.clear();
            queuedBytes = 0;
            closing = false;
        }
        finish(lastJson, code, reason);
    }

    /** Drops a client that is far behind: nothing more is sent, and a send outstanding on it fails. */
    void kill() {
        synchronized (this) {
            stopSending();
        }
        sink.abort();
    }

    /** Forgets what is queued or unacknowledged; nothing more is sent. Called with the lock held. */
    private void stopSending() {
        queue.clear();
        queuedBytes = 0;
        unackedBytes = 0;
        closing = true;
        done = true;
    }

    /** The client has rendered {@code bytes} more bytes; the first ack turns acknowledgement accounting on. */
    void ack(long bytes) {
        synchronized (this) {
            if (!acking) {
                acking = true;
                unackedBytes = 0;
            } else {
                unackedBytes = Math.max(0, unackedBytes - Math.max(0, bytes));
            }
        }
        terminal.flowChanged();
    }

    synchronized long backlog() {
        return queuedBytes + unackedBytes;
    }

    /** When this client went above the high watermark, or 0 while it is not behind. */
    long behindSince() {
        return behindSince;
    }

    void updateBehind(long high, long low, long now) {
        long backlog = backlog();
        if (backlog > high && behindSince == 0) {
            behindSince = now;
        } else if (backlog <= low) {
            behindSince = 0;
        }
    }

    /** The connection is gone (closed by the client or the server): nothing more is sent. */
    void closed() {
        synchronized (this) {
            stopSending();
            pendingDetach = true;
        }
        drive(true);
    }

    /**
     * Sends queued items while none is outstanding, then, without the lock, performs a pending close
     * and tells the terminal. {@code mayCallTerminal} is false when the caller holds the terminal's lock.
     */
    private void drive(boolean mayCallTerminal) {
        Close close;
        boolean detach;
        synchronized (this) {
            pump();
            close = pendingClose;
            pendingClose = null;
            detach = pendingDetach && !detached && mayCallTerminal;
            if (detach) {
                detached = true;
            }
        }
        if (close != null) {
            sink.close(close.code(), close.reason());
        }
        if (detach) {
            terminal.detach(this);
        } else if (mayCallTerminal) {
            terminal.flowChanged();
        }
    }

    /** Starts the next send while none is outstanding; holds the lock. Completions inline loop here instead of recursing. */
    private void pump() {
        while (started && !inFlight && !done && !queue.isEmpty()) {
            Object item = queue.poll();
            if (item instanceof Close close) {
                done = true;
                pendingClose = close;
                pendingDetach = true;
                queue.clear();
                return;
            }
            inFlight = true;
            inSendCall = true;
            try {
                if (item instanceof ByteBuffer first) {
                    ByteBuffer frame = coalesce(first);
                    int bytes = frame.remaining();
                    sink.sendBinary(frame, ok -> sent(bytes, ok));
                } else {
                    sink.sendText(((Text) item).json(), ok -> sent(0, ok));
                }
            } catch (RuntimeException e) {
                log.debug("Terminal {}: sending to {} failed: {}", terminal.id(), username, e.toString());
                inFlight = false;
                failed();
            } finally {
                inSendCall = false;
            }
        }
    }

    private void sent(int bytes, boolean ok) {
        boolean inline;
        synchronized (this) {
            inFlight = false;
            queuedBytes = Math.max(0, queuedBytes - bytes);
            if (acking && !done) {
                unackedBytes += bytes;
            }
            if (!ok) {
                log.debug("Terminal {}: client of {} is gone", terminal.id(), username);
                failed();
            }
            inline = inSendCall;
        }
        if (!inline) {
            // A completion on the socket's own thread: send what queued meanwhile, and wake a paused reader.
            drive(true);
        }
    }

    /** Holds the lock. */
    private void failed() {
        queue.clear();
        queuedBytes = 0;
        unackedBytes = 0;
        closing = true;
        done = true;
        pendingDetach = true;
        pendingClose = new Close(1011, "send failed");
    }

    /** Joins the queued output that directly follows {@code first} into one frame of at most {@link #FRAME} bytes. */
    private ByteBuffer coalesce(ByteBuffer first) {
        int total = first.remaining();
        for (Object next : queue) {
            if (!(next instanceof ByteBuffer buffer) || total + buffer.remaining() > FRAME) {
                break;
            }
            total += buffer.remaining();
        }
        if (total == first.remaining()) {
            return first;
        }
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.put(first);
        while (frame.hasRemaining()) {
            frame.put((ByteBuffer) queue.poll());
        }
        return frame.flip();
    }
}
