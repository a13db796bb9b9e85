package dev.tandem.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running shell on a pseudo-terminal and the clients watching it. A reader thread copies the pty's
 * output into the scrollback and every client's queue; while any client is behind (above the high
 * watermark) it stops reading, so the kernel's pty buffer fills and the program writing to it blocks,
 * until every client is back below the low watermark. A client that stays behind too long is
 * disconnected instead of stalling the terminal for everyone.
 */
public final class Terminal {

    private static final Logger log = LoggerFactory.getLogger(Terminal.class);
    /** Input waiting for the pty above which the sending client is paused, and below which it resumes. */
    static final int INPUT_HIGH = 256 * 1024;
    static final int INPUT_LOW = 64 * 1024;

    private final String id;
    private final long workspaceId;
    private final String owner;
    private final Instant createdAt;
    private final boolean sandboxed;
    private final PtyProcess process;
    private final TerminalProperties properties;
    private final Scrollback scrollback;
    private final List<Attachment> attachments = new ArrayList<>();
    private final Object flow = new Object();
    /** Guards the input queue; writers' keystrokes go to the pty one message at a time, in order. */
    private final Object input = new Object();
    private final BiConsumer<Terminal, Integer> onExit;
    private final Thread reader;
    private final Thread writer;
    private final ArrayDeque<Input> pendingInput = new ArrayDeque<>();
    /** Whether a client may type now, checked by the writer thread (it may ask the database). */
    private final Predicate<Attachment> inputGate;
    private long pendingInputBytes;
    private final Set<Attachment> pausedWriters = new HashSet<>();
    private String name;
    private boolean shared = true;
    private int cols;
    private int rows;
    private volatile long lastActivity = System.nanoTime();
    private volatile ExitReason closeReason;
    private volatile boolean ended;

    Terminal(String id, long workspaceId, String owner, String name, PtyProcess process, boolean sandboxed, int cols,
             int rows, TerminalProperties properties, Predicate<Attachment> inputGate,
             BiConsumer<Terminal, Integer> onExit) {
        this.inputGate = inputGate;
        this.id = id;
        this.workspaceId = workspaceId;
        this.owner = owner;
        this.name = name;
        this.process = process;
        this.sandboxed = sandboxed;
        this.cols = cols;
        this.rows = rows;
        this.properties = properties;
        this.onExit = onExit;
        this.createdAt = Instant.now();
        this.scrollback = new Scrollback((int) properties.scrollback().toBytes());
        this.reader = new Thread(this::readLoop, "terminal-" + id + "-read");
        reader.setDaemon(true);
        this.writer = new Thread(this::writeLoop, "terminal-" + id + "-write");
        writer.setDaemon(true);
    }

    void start() {
        reader.start();
        writer.start();
    }

    public String id() {
        return id;
    }

    public long workspaceId() {
        return workspaceId;
    }

    public String owner() {
        return owner;
    }

    public synchronized TerminalInfo info() {
        return new TerminalInfo(id, workspaceId, name, owner, shared, cols, rows, sandboxed, createdAt);
    }

    synchronized boolean shared() {
        return shared;
    }

    synchronized void rename(String newName) {
        this.name = newName;
    }

    synchronized void setShared(boolean shared) {
        this.shared = shared;
    }

    /** The pty process (bubblewrap when sandboxed); killing it kills the whole tree. */
    long pid() {
        return process.pid();
    }

    long idleNanos() {
        return System.nanoTime() - lastActivity;
    }

    boolean ended() {
        return ended;
    }

    /**
     * Attaches a client: it first gets {@code openedJson}, then the scrollback, then live output, with
     * nothing lost or repeated in between.
     */
    Attachment attach(String username, TerminalSink sink, String openedJson) {
        Attachment attachment = new Attachment(this, username, sink);
        synchronized (this) {
            if (ended) {
                return null;
            }
            attachment.prime(openedJson, scrollback.snapshot());
            attachments.add(attachment);
        }
        attachment.start();
        return attachment;
    }

    void detach(Attachment attachment) {
        synchronized (this) {
            attachments.remove(attachment);
        }
        flowChanged();
    }

    /** Tells every client except those of the owner that the terminal is now private, and drops them. */
    void dropAllBut(String username, String json) {
        for (Attachment attachment : attachmentsSnapshot()) {
            if (!attachment.username().equals(username)) {
                attachment.abort(json, 4403, "private");
            }
        }
    }

    void broadcastText(String json) {
        for (Attachment attachment : attachmentsSnapshot()) {
            attachment.enqueueText(json);
        }
    }

    synchronized List<Attachment> attachmentsSnapshot() {
        return List.copyOf(attachments);
    }

    /** Keystrokes of one client message; {@code from} is null for input from the server itself. */
    private record Input(Attachment from, byte[] data) {
    }

    /**
     * Queues keystrokes (or a paste) for the pty. The pty is written by the terminal's own writer thread,
     * never by the caller (a websocket I/O thread): a program that does not read its input blocks only
     * that thread, and so does the check whether the client may type (a database query). While more than {@link #INPUT_HIGH} bytes wait, the sending client's socket stops
     * being read (its data waits in TCP), until the writer is back below {@link #INPUT_LOW}.
     *
     * @throws IOException when the terminal has ended
     */
    void write(Attachment from, byte[] data) throws IOException {
        lastActivity = System.nanoTime();
        synchronized (input) {
            if (ended || closeReason != null) {
                throw new IOException("terminal ended");
            }
            pendingInput.add(new Input(from, data));
            pendingInputBytes += data.length;
            if (pendingInputBytes > INPUT_HIGH && from != null && pausedWriters.add(from)) {
                from.sink().pauseInput();
            }
            input.notifyAll();
        }
    }

    /** Bytes of input waiting for the pty (tests). */
    long pendingInput() {
        synchronized (input) {
            return pendingInputBytes;
        }
    }

    private void writeLoop() {
        OutputStream in = process.getOutputStream();
        try {
            while (true) {
                Input next;
                synchronized (input) {
                    while (pendingInput.isEmpty() && !ended && closeReason == null) {
                        input.wait();
                    }
                    if (ended || closeReason != null) {
                        break;
                    }
                    next = pendingInput.peek();
                }
                if (next.from() == null || inputGate.test(next.from())) {
                    in.write(next.data());
                    in.flush();
                }
                synchronized (input) {
                    pendingInput.poll();
                    pendingInputBytes -= next.data().length;
                    if (pendingInputBytes <= INPUT_LOW) {
                        resumeWriters();
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Terminal {}: writing to the pty failed: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (input) {
                pendingInput.clear();
                pendingInputBytes = 0;
                resumeWriters();
            }
        }
    }

    /** Holds the input lock. */
    private void resumeWriters() {
        for (Attachment paused : pausedWriters) {
            paused.sink().resumeInput();
        }
        pausedWriters.clear();
    }

    /** Resizes the pty; answers whether the size changed. */
    synchronized boolean resize(int newCols, int newRows) {
        if (newCols == cols && newRows == rows) {
            return false;
        }
        process.setWinSize(new WinSize(newCols, newRows));
        cols = newCols;
        rows = newRows;
        return true;
    }

    /** Kills the whole process tree; the reader then tells the clients why, with {@code reason}. */
    void close(ExitReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        process.destroyForcibly();
        synchronized (flow) {
            flow.notifyAll();
        }
        synchronized (input) {
            input.notifyAll();
        }
    }

    /** An attachment's backlog changed: the reader may be waiting for it. */
    void flowChanged() {
        synchronized (flow) {
            flow.notifyAll();
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[Attachment.FRAME];
        InputStream out = process.getInputStream();
        try {
            int n;
            while ((n = out.read(buffer)) > 0) {
                lastActivity = System.nanoTime();
                byte[] chunk = Arrays.copyOf(buffer, n);
                synchronized (this) {
                    scrollback.append(chunk, 0, n);
                    // a copy: a send that fails inline may end an attachment
                    for (Attachment attachment : List.copyOf(attachments)) {
                        attachment.enqueue(chunk);
                    }
                }
                awaitClients();
            }
        } catch (IOException e) {
            // Linux answers EIO on the pty once the shell and all its children are gone: the normal end.
            log.debug("Terminal {}: pty closed: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish();
    }

    /** Waits while any client is above the high watermark, until all are below the low one. */
    private void awaitClients() throws InterruptedException {
        long high = properties.highWatermark().toBytes();
        long low = properties.lowWatermark().toBytes();
        long slow = properties.slowClientTimeout().toNanos();
        boolean paused = false;
        synchronized (flow) {
            while (closeReason == null) {
                long now = System.nanoTime();
                List<Attachment> current = attachmentsSnapshot();
                boolean behind = false;
                for (Attachment attachment : current) {
                    attachment.updateBehind(high, low, now);
                    long since = attachment.behindSince();
                    if (since != 0 && now - since > slow) {
                        log.info("Terminal {}: dropping a client of {} that stayed behind for {}", id,
                                attachment.username(), properties.slowClientTimeout());
                        attachment.kill();
                        detach(attachment);
                        continue;
                    }
                    long backlog = attachment.backlog();
                    behind |= paused ? backlog > low : backlog > high;
                }
                if (!behind) {
                    return;
                }
                paused = true;
                flow.wait(100);
            }
        }
    }

    private void finish() {
        int code;
        try {
            code = process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        if (code == -1) {
            process.destroyForcibly();
        }
        ExitReason reason = closeReason == null ? ExitReason.EXITED : closeReason;
        String json = TerminalMessages.exit(code, reason);
        List<Attachment> last;
        synchronized (this) {
            ended = true;
            last = List.copyOf(attachments);
        }
        synchronized (input) {
            input.notifyAll();
        }
        // Unlisted before the clients hear of the exit, so no client sees a terminal that has ended.
        onExit.accept(this, code);
        for (Attachment attachment : last) {
            attachment.finish(json, 1000, "terminal ended");
        }
    }
}
