package dev.tandem.terminal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client attached to a terminal: its queue of outgoing output and control messages, drained by
 * its own sender thread, and its share of the terminal's flow control. Its backlog is the output
 * queued here plus, for a client that acknowledges what it has rendered ({@code ack} messages), the
 * output sent but not yet acknowledged. The terminal stops reading its pty while any client's backlog
 * is above the high watermark, so neither the server's queues nor a browser's unrendered data grow
 * without bound.
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
    private final Thread sender;
    private long queuedBytes;
    private long unackedBytes;
    private boolean acking;
    private boolean closing;
    private volatile long behindSince;

    Attachment(Terminal terminal, String username, TerminalSink sink) {
        this.terminal = terminal;
        this.username = username;
        this.sink = sink;
        this.sender = new Thread(this::sendLoop, "terminal-" + terminal.id() + "-send");
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    public Terminal terminal() {
        return terminal;
    }

    public String username() {
        return username;
    }

    synchronized void enqueue(byte[] data) {
        if (closing) {
            return;
        }
        for (int offset = 0; offset < data.length; offset += FRAME) {
            queue.add(ByteBuffer.wrap(data, offset, Math.min(FRAME, data.length - offset)));
        }
        queuedBytes += data.length;
        notifyAll();
    }

    /** Queues a JSON control message, in order with the output. */
    public synchronized void enqueueText(String json) {
        if (!closing) {
            queue.add(new Text(json));
            notifyAll();
        }
    }

    /** Sends what is queued, then {@code lastJson} (if any), then closes the connection. */
    synchronized void finish(String lastJson, int code, String reason) {
        if (closing) {
            return;
        }
        if (lastJson != null) {
            queue.add(new Text(lastJson));
        }
        queue.add(new Close(code, reason));
        closing = true;
        notifyAll();
    }

    /** Closes at once, dropping what is still queued (a client that is gone or far behind). */
    synchronized void abort(String lastJson, int code, String reason) {
        queue.clear();
        queuedBytes = 0;
        closing = false;
        finish(lastJson, code, reason);
    }

    /** Drops a client that is far behind: nothing more is sent, and a send blocked on it fails. */
    void kill() {
        synchronized (this) {
            queue.clear();
            queuedBytes = 0;
            closing = true;
            queue.add(new Close(4408, "too slow"));
            notifyAll();
        }
        sink.abort();
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

    private void sendLoop() {
        try {
            while (true) {
                Object item;
                int bytes = 0;
                synchronized (this) {
                    while (queue.isEmpty()) {
                        wait();
                    }
                    item = queue.poll();
                    if (item instanceof ByteBuffer first) {
                        item = coalesce(first);
                        bytes = ((ByteBuffer) item).remaining();
                    }
                }
                if (item instanceof ByteBuffer data) {
                    sink.sendBinary(data);
                    synchronized (this) {
                        queuedBytes -= bytes;
                        if (acking) {
                            unackedBytes += bytes;
                        }
                    }
                    terminal.flowChanged();
                } else if (item instanceof Text text) {
                    sink.sendText(text.json());
                } else if (item instanceof Close close) {
                    sink.close(close.code(), close.reason());
                    break;
                }
            }
        } catch (IOException e) {
            log.debug("Terminal {}: client of {} is gone: {}", terminal.id(), username, e.getMessage());
            sink.close(1011, "send failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                queue.clear();
                queuedBytes = 0;
                unackedBytes = 0;
                closing = true;
            }
            terminal.detach(this);
        }
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
