package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.crdt.MalformedUpdateException;
import dev.tandem.crdt.Transaction;
import dev.tandem.crdt.YDoc;
import dev.tandem.crdt.YText;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live document: its Yjs document, the connections editing it, their awareness states, its
 * durable log and the file on disk it mirrors.
 *
 * <p>Threading: everything here runs as tasks of the room's own serial queue, drained by the shared
 * worker pool one batch at a time, so the document is touched by one thread at a time and a busy
 * room never holds up another. A small edit that finds the queue empty runs at once on the I/O
 * thread that read it ({@link #runNowOrSubmit}), still one task at a time. Each batch's log records
 * go to the shared {@link CommitLog} (one write, and at most one fsync, for the batches of all
 * rooms); only once they are stored as {@link LogSync} asks are the batch's outgoing messages
 * released. So nothing a client can see is lost by a crash of the server, and no room thread waits
 * on the device. The file on disk is replaced beside the room too, on a snapshot of the text; while
 * such a write runs the room does not check the file, so it never takes its own write for an outside
 * change.
 */
final class Room implements RoomClock.Ticking {

    private static final Logger log = LoggerFactory.getLogger(Room.class);
    /** Origin of changes that came from the file on disk (they need no write back). */
    private static final Object DISK = new Object();
    /** Origin of changes made by other services through {@link LiveDocuments}. */
    private static final Object SERVICE = new Object();
    private static final int MAX_TASKS_PER_BATCH = 256;
    private static final int MAX_AWARENESS_STATE = 64 * 1024;
    private static final byte[] NO_RECORDS = new byte[0];

    private enum State { LOADING, OPEN, CLOSED }

    private record Outgoing(Connection connection, byte[] frame, CloseReason close) {
    }

    private final RoomKey key;
    private final Path storage;
    private final Path file;
    private final CollabService service;
    private final CollabProperties properties;
    /** Connections joined or about to join; changed by the service under the rooms map's lock. */
    final AtomicInteger members = new AtomicInteger();

    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Batches handed to the commit log whose messages are not released yet. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final YDoc doc = new YDoc();
    private final Awareness awareness = new Awareness(MAX_AWARENESS_STATE);
    private final Set<Connection> connections = new LinkedHashSet<>();
    private List<Outgoing> outbox = new ArrayList<>();
    /** Told the outcome of the current batch once it is durable and sent (null) or failed. */
    private List<Consumer<IOException>> afterFlush = new ArrayList<>();
    private UpdateLog updateLog;
    private DiskFile disk;
    private State state = State.LOADING;
    private CloseReason closedWith;
    /*
     * Published to the clock's thread (RoomClock), which decides from them when work is due: whether
     * the document holds a change the file does not, when (nanoTime) the first such change and the
     * latest change were made, and how many checks in a row found the file missing.
     */
    private volatile boolean diskWritePending;
    private volatile long firstUnwritten;
    private volatile long lastChange;
    private volatile int missingPolls;
    /**
     * The file write running beside the room, on the service's disk writer, or null. Set and cleared
     * on the room's thread; the clock reads it too, and neither checks nor writes while it is set.
     */
    private volatile CompletableFuture<DiskFile.Write> writing;
    /** When the clock next checks the file and sweeps awareness; the clock's thread only. */
    private long nextPoll;
    private long nextSweep;
    private long lastLeft;
    /** While the log is replayed into the document: those updates are already stored. */
    private boolean replaying;

    Room(RoomKey key, Path storage, Path file, CollabService service) {
        this.key = key;
        this.storage = storage;
        this.file = file;
        this.service = service;
        this.properties = service.properties();
        submit(this::load);
    }

    RoomKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "room " + key;
    }

    /** Runs {@code task} on this room's serial queue. */
    void submit(Runnable task) {
        inbox.add(task);
        if (scheduled.compareAndSet(false, true)) {
            service.workers().execute(this::drain);
        }
    }

    /**
     * Runs {@code task} at once on the calling thread when nothing of this room is queued or running,
     * else queues it as {@link #submit} does. For a small edit on the I/O thread that read it: a
     * hand-off to a worker costs a wake-up and, on a busy machine, a wait for a core.
     */
    void runNowOrSubmit(Runnable task) {
        if (inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                run(task);
                flush();
            } finally {
                release();
            }
            return;
        }
        submit(task);
    }

    private void drain() {
        try {
            Runnable task;
            int done = 0;
            while (done < MAX_TASKS_PER_BATCH && (task = inbox.poll()) != null) {
                done++;
                run(task);
            }
            flush();
        } finally {
            release();
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("A task of room {} failed", key, e);
        }
    }

    private void release() {
        scheduled.set(false);
        // Yield the thread after a batch so that other rooms get their turn, then continue.
        if (!inbox.isEmpty() && scheduled.compareAndSet(false, true)) {
            service.workers().execute(this::drain);
        }
    }

    /**
     * Hands the batch's log records to the shared commit log; its messages are released once they
     * are stored (after every earlier batch of this room). A batch that changed nothing goes out
     * at once when nothing of this room is still waiting, so awareness and sync answers of an idle
     * document never wait for another room's fsync.
     */
    private void flush() {
        List<Outgoing> sending = outbox;
        outbox = new ArrayList<>();
        List<Consumer<IOException>> told = afterFlush;
        afterFlush = new ArrayList<>();
        byte[] records = updateLog == null ? NO_RECORDS : updateLog.takePending();
        if (records.length == 0 && inFlight.get() == 0) {
            release(sending, told, null);
        } else {
            inFlight.incrementAndGet();
            service.commitLog().commit(updateLog, records, failure -> {
                try {
                    release(sending, told, failure);
                } finally {
                    inFlight.decrementAndGet();
                }
                if (failure != null) {
                    submit(() -> {
                        log.error("Writing the log of room {} failed; closing it", key, failure);
                        fail(new CloseReason(CloseReason.SERVER_ERROR, "The server could not store the document"));
                    });
                }
            });
        }
        if (updateLog != null && state == State.OPEN && updateLog.appendedSinceSnapshot() >= properties.compactAfterUpdates()) {
            updateLog.compact(doc.encodeStateAsUpdate());
        }
    }

    /** Sends a durable batch's messages (none of them when it could not be stored) and tells who waits. */
    private static void release(List<Outgoing> sending, List<Consumer<IOException>> told, IOException failure) {
        if (failure == null) {
            for (Outgoing out : sending) {
                if (out.close() != null) {
                    out.connection().close(out.close());
                } else {
                    out.connection().send(out.frame());
                }
            }
        }
        told.forEach(t -> t.accept(failure));
    }

    // ------------------------------------------------------------------ for other services

    /** Thrown into a service's future when the room closed before its task ran: the caller retries without it. */
    static final class ClosedException extends RuntimeException {
        ClosedException() {
            super("the room closed", null, false, false);
        }
    }

    /**
     * Runs {@code work} on this room's queue for another service; {@code result} completes with its
     * value once the changes it made are durable and sent to the clients, or exceptionally (with
     * {@link ClosedException} when the room had closed). Call through {@link #submit}.
     */
    <T> void serve(Function<Room, T> work, CompletableFuture<T> result) {
        if (state != State.OPEN) {
            result.completeExceptionally(new ClosedException());
            return;
        }
        T value;
        try {
            value = work.apply(this);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        afterFlush.add(failure -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    /** The live text. */
    String text() {
        return content().toString();
    }

    /** Applies edits made by a service as one transaction (logged, broadcast, written to disk); answers the new text. */
    String edit(List<? extends TextEdit> edits) {
        List<TextEdits.Resolved> resolved = TextEdits.resolve(content().toString(), edits);
        replace(resolved, SERVICE);
        return content().toString();
    }

    /** Applies offset edits (sorted, not overlapping, against the current text) in one transaction, last first. */
    private void replace(List<TextEdits.Resolved> edits, Object origin) {
        if (edits.isEmpty()) {
            return;
        }
        YText content = content();
        doc.transact(txn -> {
            for (int i = edits.size() - 1; i >= 0; i--) {
                TextEdits.Resolved edit = edits.get(i);
                if (edit.end() > edit.start()) {
                    content.delete(edit.start(), edit.end() - edit.start());
                }
                if (!edit.text().isEmpty()) {
                    content.insert(edit.start(), edit.text());
                }
            }
        }, origin);
    }

    // ------------------------------------------------------------------ loading

    private void load() {
        try {
            doc.onUpdate(this::changed);
            if (!key.presence()) {
                List<byte[]> replay = new ArrayList<>();
                updateLog = UpdateLog.open(storage, service.commitLog(), properties.fsync(), service.background(), replay);
                service.writeStorageName(storage, key);
                disk = new DiskFile(file, storage.resolve("disk.mark"), properties.maxDocumentSize().toBytes());
                loadDocument(replay);
            }
            long now = System.nanoTime();
            nextPoll = now + properties.diskPollInterval().toNanos();
            nextSweep = now + sweepInterval();
            state = State.OPEN;
            service.clock().add(this);
        } catch (CharacterCodingException e) {
            fail(new CloseReason(Connection.CLOSE_NOT_TEXT, "Not a UTF-8 text file"));
        } catch (IOException | RuntimeException e) {
            log.warn("Opening room {} failed", key, e);
            fail(new CloseReason(CloseReason.SERVER_ERROR, "The document could not be opened: " + e.getMessage()));
        }
    }

    private void loadDocument(List<byte[]> replay) throws IOException {
        replaying = true;
        try {
            for (byte[] update : replay) {
                try {
                    doc.applyUpdate(update, DISK);
                } catch (MalformedUpdateException e) {
                    log.warn("Skipping an unreadable update in the log of room {}", key, e);
                }
            }
        } finally {
            replaying = false;
        }
        DiskFile.Read read = disk.read();
        if (read.missing()) {
            throw new IOException("the file does not exist");
        }
        if (replay.isEmpty()) {
            doc.applyUpdate(Seed.of(read.text()), DISK);
            disk.remember(read.text());
            return;
        }
        if (disk.matchesMark(read.text())) {
            // The disk still holds what this room last wrote: the log (maybe ahead after a crash) wins.
            disk.remember(read.text());
            if (!content().toString().equals(read.text())) {
                scheduleDiskWrite();
            }
        } else {
            // Someone changed the file while the room was not loaded.
            applyExternal(read.text());
            disk.remember(read.text());
        }
        if (updateLog.appendedSinceSnapshot() > 0) {
            updateLog.compact(doc.encodeStateAsUpdate());
        }
    }

    private YText content() {
        return doc.getText("content");
    }

    /** Every change of the document, whoever made it: logged, broadcast, and mirrored to disk. */
    private void changed(byte[] update, Object origin, Transaction transaction) {
        if (replaying) {
            return;
        }
        if (updateLog != null) {
            updateLog.append(update);
        }
        byte[] frame = Frames.sync(Frames.SYNC_UPDATE, update);
        for (Connection c : connections) {
            if (c != origin) {
                outbox.add(new Outgoing(c, frame, null));
            }
        }
        if (origin != DISK && disk != null) {
            scheduleDiskWrite();
        }
    }

    // ------------------------------------------------------------------ clients

    /** A connection joins (its member count was taken by the service). */
    void add(Connection connection) {
        if (state == State.CLOSED) {
            outbox.add(new Outgoing(connection, null, closedWith));
            return;
        }
        if (connections.size() >= properties.maxClientsPerRoom()) {
            outbox.add(new Outgoing(connection, null, new CloseReason(CloseReason.SERVICE_OVERLOAD,
                    "Too many clients in this document (limit " + properties.maxClientsPerRoom() + ")")));
            return;
        }
        connections.add(connection);
        send(connection, Frames.sync(Frames.SYNC_STEP1, doc.encodeStateVector()));
        if (!awareness.isEmpty()) {
            send(connection, Frames.awareness(Awareness.encode(awareness.all())));
        }
    }

    /** A connection closed. */
    void remove(Connection connection) {
        if (!connections.remove(connection)) {
            return;
        }
        broadcastAwareness(awareness.removeOwnedBy(connection));
        if (connections.isEmpty() && state == State.OPEN) {
            lastLeft = System.currentTimeMillis();
            service.timers().schedule(() -> submit(this::unloadIfIdle), properties.idleUnload().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One message from a client, in the order it was received. */
    void handle(Connection connection, byte[] bytes) {
        if (state != State.OPEN || !connections.contains(connection)) {
            return;
        }
        if (!stillMember(connection)) {
            return;
        }
        Frames.Message message;
        try {
            message = Frames.decode(bytes);
            switch (message.type()) {
                case Frames.SYNC -> sync(connection, message);
                case Frames.AWARENESS -> awareness(connection, message.data());
                case Frames.QUERY_AWARENESS -> send(connection, Frames.awareness(Awareness.encode(awareness.all())));
                default -> {
                    // auth messages from clients carry nothing for us
                }
            }
        } catch (MalformedUpdateException e) {
            reject(connection, "Malformed message: " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("A message from {} could not be applied", connection, e);
            reject(connection, "Message could not be applied");
        }
    }

    private void sync(Connection connection, Frames.Message message) {
        if (message.syncType() == Frames.SYNC_STEP1) {
            send(connection, Frames.sync(Frames.SYNC_STEP2, doc.encodeStateAsUpdate(message.data())));
            return;
        }
        if (key.presence() || !connection.role().canWrite()) {
            // Refused whole: nothing of it reaches the document or anyone else. An empty update
            // (a viewer's sync step 2 with nothing new) is no attempt to edit and goes unremarked.
            boolean empty = message.data().length <= 2;
            if (!empty && !key.presence() && connection.firstRefusal()) {
                send(connection, Frames.permissionDenied("read-only: your role in this workspace cannot edit"));
            }
            return;
        }
        doc.applyUpdate(message.data(), connection);
    }

    private void awareness(Connection connection, byte[] update) {
        List<Awareness.Entry> entries = service.awarenessPolicy().filter(Awareness.decode(update), connection);
        broadcastAwareness(awareness.apply(entries, connection, System.currentTimeMillis()));
    }

    /** Awareness changes go to everyone, the sender included: y-websocket clients take their echo as a sign of life. */
    private void broadcastAwareness(List<Awareness.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        byte[] frame = Frames.awareness(Awareness.encode(entries));
        for (Connection c : connections) {
            outbox.add(new Outgoing(c, frame, null));
        }
    }

    private boolean stillMember(Connection connection) {
        long now = System.currentTimeMillis();
        if (now - connection.roleCheckedAt() < properties.roleRecheck().toMillis()) {
            return true;
        }
        try {
            service.recheckRole(connection, now);
            return true;
        } catch (TandemException e) {
            connections.remove(connection);
            broadcastAwareness(awareness.removeOwnedBy(connection));
            outbox.add(new Outgoing(connection, null, new CloseReason(Connection.CLOSE_FORBIDDEN, "No longer a member of this workspace")));
            return false;
        }
    }

    private void reject(Connection connection, String reason) {
        connections.remove(connection);
        broadcastAwareness(awareness.removeOwnedBy(connection));
        outbox.add(new Outgoing(connection, null, new CloseReason(CloseReason.BAD_DATA, reason)));
    }

    private void send(Connection connection, byte[] frame) {
        outbox.add(new Outgoing(connection, frame, null));
    }

    private void sweepAwareness() {
        if (state == State.OPEN) {
            broadcastAwareness(awareness.removeOutdated(System.currentTimeMillis() - properties.awarenessTimeout().toMillis()));
        }
    }

    // ------------------------------------------------------------------ disk bridge

    /**
     * Debounced: the file is written once the document has been quiet for {@code disk-write-delay},
     * and at the latest {@code disk-write-max-delay} after the first change it does not hold yet. A
     * write builds the whole text (a walk over every item), so continuous typing in many rooms
     * must not rebuild each text several times a second.
     */
    private void scheduleDiskWrite() {
        long now = System.nanoTime();
        lastChange = now;
        // The flag last: the clock reads it first, then the times written before it.
        if (!diskWritePending) {
            firstUnwritten = now;
            diskWritePending = true;
        }
    }

    /**
     * On the clock's thread ({@link RoomClock}): queues the periodic work that is due, if any. The
     * file is checked for outside changes here, so a room is handed work only when there is some.
     */
    @Override
    public void tick(long now) {
        // While a write runs its outcome decides what comes next: a check now would take the room's own write for someone else's.
        boolean diskIdle = writing == null;
        boolean write = diskIdle && diskWritePending && (now - lastChange >= properties.diskWriteDelay().toNanos()
                || now - firstUnwritten >= properties.diskWriteMaxDelay().toNanos());
        boolean poll = false;
        if (disk != null && diskIdle && now - nextPoll >= 0) {
            nextPoll = now + properties.diskPollInterval().toNanos();
            // A write checks the disk first anyway.
            poll = !write && (missingPolls > 0 || changedOnDisk());
        }
        boolean sweep = now - nextSweep >= 0;
        if (sweep) {
            nextSweep = now + sweepInterval();
        }
        if (write) {
            submit(this::writeDiskIfPending);
        } else if (poll) {
            submit(this::pollDisk);
        }
        if (sweep) {
            submit(this::sweepAwareness);
        }
    }

    private boolean changedOnDisk() {
        try {
            return disk.changedOnDisk();
        } catch (IOException e) {
            // The room's own check reads it again and reports what went wrong.
            return true;
        }
    }

    private long sweepInterval() {
        return Math.max(Duration.ofSeconds(1).toNanos(), properties.awarenessTimeout().toNanos() / 6);
    }

    /**
     * Due by the clock: the file is replaced beside the room, on the service's disk writer, with a
     * snapshot of the text, so that edits do not wait for the disk. A write since (unloading, a
     * move) or a second tick makes it nothing to do.
     */
    private void writeDiskIfPending() {
        DiskFile.Write write = prepareDiskWrite();
        if (write == null) {
            return;
        }
        CompletableFuture<DiskFile.Write> running = new CompletableFuture<>();
        writing = running;
        Runnable replace = () -> {
            write.run();
            running.complete(write);
        };
        try {
            service.diskWriter().execute(replace);
        } catch (RejectedExecutionException e) {
            // The service is shutting down: the write runs here instead.
            replace.run();
        }
        // Unless unloading, a move or closing has taken it in meanwhile.
        running.thenRun(() -> submit(() -> {
            if (writing == running) {
                awaitDiskWrite();
            }
        }));
    }

    /** Unloading, shutting down: the write in progress ends, then what is still unwritten is written here. */
    private void writeDiskNow() {
        awaitDiskWrite();
        DiskFile.Write write = prepareDiskWrite();
        if (write != null) {
            write.run();
            finishDiskWrite(write);
        }
    }

    /** Waits for the write running beside the room, if any, and takes in what it did. */
    private void awaitDiskWrite() {
        CompletableFuture<DiskFile.Write> running = writing;
        if (running != null) {
            writing = null;
            finishDiskWrite(running.join());
        }
    }

    /** The snapshot to write, after someone else's change on disk is taken in; null when there is nothing to write. */
    private DiskFile.Write prepareDiskWrite() {
        if (!diskWritePending || writing != null || state != State.OPEN) {
            return null;
        }
        diskWritePending = false;
        // Someone else's change on disk is taken in first, never overwritten.
        pollDisk();
        if (state != State.OPEN) {
            return null;
        }
        try {
            return disk.prepareWrite(content().toString());
        } catch (IOException e) {
            log.warn("Writing {} failed; will retry with the next change", file, e);
            return null;
        }
    }

    private void finishDiskWrite(DiskFile.Write write) {
        try {
            if (disk.finish(write)) {
                // Someone else changed the file first: the next tick takes their change in, then writes.
                diskWritePending = true;
            }
        } catch (IOException e) {
            log.warn("Writing {} failed; will retry with the next change", file, e);
        }
    }

    private void pollDisk() {
        if (state != State.OPEN || writing != null) {
            return;
        }
        try {
            if (!disk.changedOnDisk()) {
                missingPolls = 0;
                return;
            }
            DiskFile.Read read = disk.read();
            if (read.missing()) {
                // Twice in a row, so that a move through the workspace service is seen as a move.
                if (++missingPolls >= 2) {
                    service.forget(this);
                    close(new CloseReason(Connection.CLOSE_DELETED, "deleted"), true);
                }
                return;
            }
            missingPolls = 0;
            if (!disk.matchesMark(read.text())) {
                String live = content().toString();
                // Edits typed since the last write are kept: the disk's change is merged, not copied.
                applyExternal(disk.base() == null ? read.text() : ThreeWayMerge.merge(disk.base(), live, read.text()));
            }
            disk.remember(read.text());
        } catch (CharacterCodingException e) {
            log.info("{} is no longer UTF-8 text; the document keeps its text", file);
        } catch (IOException e) {
            log.warn("Checking {} failed", file, e);
        }
    }

    /** Applies the disk's text to the document as the smallest edits, in one transaction. */
    private void applyExternal(String text) {
        List<TextEdits.Resolved> edits = TextDiff.diff(content().toString(), text).stream()
                .map(e -> new TextEdits.Resolved(e.index(), e.index() + e.deleteLength(), e.insert()))
                .toList();
        replace(edits, DISK);
    }

    // ------------------------------------------------------------------ closing

    /**
     * Loaded with no client to write out its file ({@link CollabService#catchUp}): unloads at once,
     * which writes the file, unless someone joined meanwhile.
     */
    void unloadUnlessJoined() {
        if (state == State.OPEN && connections.isEmpty()) {
            unload();
        }
    }

    private void unloadIfIdle() {
        if (state == State.OPEN && connections.isEmpty()
                && System.currentTimeMillis() - lastLeft >= properties.idleUnload().toMillis() - 50) {
            unload();
        }
    }

    /**
     * Writes the file and leaves the service, unless a member joined meanwhile (decided under the
     * service's lock). The log is closed, not compacted: the next load compacts it in the background.
     * So an unload holds a worker through no device flush, and the rooms still in use, whose edits
     * share the commit log and the workers, do not wait for it.
     */
    private void unload() {
        writeDiskNow();
        if (service.unloadIfNoMembers(this)) {
            close(new CloseReason(CloseReason.GOING_AWAY, "Document unloaded"), false);
        }
    }

    /**
     * The file moved: the storage follows it, clients are told where to ({@code moved:<path>}) and
     * the room closes; reopening at the new path continues the same document. Already removed from
     * the service's map.
     */
    void moved(String newPath, Path newStorage) {
        if (state == State.CLOSED) {
            return;
        }
        awaitDiskWrite();
        if (diskWritePending && state == State.OPEN) {
            writeMoved(newPath);
        }
        closeLog();
        try {
            service.relocateStorage(storage, newStorage, new RoomKey(key.workspaceId(), newPath));
        } catch (IOException e) {
            log.warn("Moving the log of {} to {} failed", key, newPath, e);
        }
        close(new CloseReason(Connection.CLOSE_MOVED, "moved:" + newPath), false);
    }

    /**
     * Changes not yet written (a service's edit just before a move, as a rename that moves a file
     * does, or typing within the write delay) go to the file at its new place: the moved file then
     * holds the text everyone saw, for readers of the disk too, not only once a room reopens it.
     */
    private void writeMoved(String newPath) {
        Path root = file;
        for (int i = Path.of(key.path()).getNameCount(); i > 0 && root != null; i--) {
            root = root.getParent();
        }
        Path target = root == null ? null : root.resolve(newPath);
        try {
            String text = content().toString();
            if (target != null && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && !disk.matchesMark(text)) {
                disk.writeTo(target, text);
            }
        } catch (IOException e) {
            log.warn("Writing {} to its new place {} failed", key, newPath, e);
        }
    }

    /** The file was deleted: clients are told, the room closes and its history goes. Already removed from the service's map. */
    void deleted() {
        close(new CloseReason(Connection.CLOSE_DELETED, "deleted"), true);
    }

    /** Server shutdown: everything written, clients told to come back later. */
    void shutdown() {
        writeDiskNow();
        close(new CloseReason(CloseReason.GOING_AWAY, "Server shutting down"), false);
    }

    private void fail(CloseReason status) {
        outbox.clear();
        service.forget(this);
        close(status, false);
    }

    private void close(CloseReason status, boolean dropHistory) {
        if (state == State.CLOSED) {
            return;
        }
        // Not into storage that is about to go, nor after the room has let go of the file.
        awaitDiskWrite();
        state = State.CLOSED;
        closedWith = status;
        service.clock().remove(this);
        closeLog();
        if (dropHistory) {
            service.deleteStorage(storage);
        }
        for (Connection c : connections) {
            outbox.add(new Outgoing(c, null, status));
        }
        connections.clear();
    }

    private void closeLog() {
        if (updateLog == null) {
            return;
        }
        try {
            updateLog.close();
        } catch (IOException e) {
            log.warn("Closing the log of room {} failed", key, e);
        }
        updateLog = null;
    }
}
