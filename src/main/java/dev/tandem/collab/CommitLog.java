package dev.tandem.collab;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log of all rooms: each room's batch of log records goes to its room's segment (no
 * fsync there) and to one shared write-ahead file, and only then is the room told that its batch
 * is stored (the room then broadcasts it). So the number of fsyncs per second does not grow with
 * the number of busy rooms, and no room thread ever waits on the device.
 *
 * <p>Who writes: with {@link LogSync#BEFORE_BROADCAST} one writer thread takes every room's batch
 * that arrived since its last round and forces them with one fsync (group commit). Otherwise
 * nothing is forced before a broadcast, so a room's thread writes its own batch, under the log's
 * lock, and broadcasts it at once: no hand-off to another thread on an edit's path. The writer
 * thread then only runs segment actions (rotation, closing) and the batches queued behind them,
 * which keeps each room's records and actions in order.
 *
 * <p>When the shared file is forced depends on {@link LogSync}: {@link LogSync#BEFORE_BROADCAST}
 * forces it in the round, before the rooms are told (a power cut loses nothing any client has
 * seen); {@link LogSync#BACKGROUND} tells the rooms once the round is written (in the operating
 * system's page cache, which a {@code kill -9} of this process does not lose) and a forcing thread
 * forces the file at most {@code forceDelay} after the first round it has not forced yet, so a
 * power cut loses at most that last stretch, and no edit waits for the device. A failed background
 * force fails the next round (its rooms close with a storage error).
 *
 * <p>Room segments are forced in the background, never under the log's lock: one that a room has
 * finished with (rotated at a compaction, or closed) is {@linkplain #retire retired} and forced then;
 * those still open are forced at a checkpoint: when the shared file passes {@link #CHECKPOINT_BYTES}
 * the next one (prepared in the background) takes over, the segments written meanwhile are forced,
 * and the old file is removed once they and every segment retired before are. After a
 * crash (process or machine), {@link #recover} copies what the shared files hold back into each
 * room's folder as a new segment before any room opens; records that were already in a segment are
 * applied twice on load, which a Yjs update shrugs off.
 *
 * <p>Record of the shared file: {@code [int32 length][int32 crc32][int16 id length][room id][segment
 * records]}, where the room id is the random id in the room's folder ({@code id} file), so a
 * folder moved with its file or a new folder at an old path is never mistaken for another.
 */
final class CommitLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(CommitLog.class);
    static final long CHECKPOINT_BYTES = 8L * 1024 * 1024;
    /**
     * Shared files are filled with zeros to this size before use and then overwritten in place, so
     * that forcing a round changes no file size or block map: an fdatasync then writes the data
     * alone instead of waiting for a journal commit of the whole file system (which other processes'
     * writes can make long). A round past the end simply grows the file.
     */
    static final long PREALLOCATED_BYTES = CHECKPOINT_BYTES + 2L * 1024 * 1024;
    /** No record is larger: one room's batch is bounded by the message size limit times the batch length. */
    private static final int MAX_RECORD = 1 << 30;
    private static final String PREFIX = "wal-";
    private static final String SUFFIX = ".log";

    /** Something for the writer: records of a room to make durable, and/or an action on its segments. */
    private record Entry(UpdateLog room, byte[] records, SegmentAction action, Consumer<IOException> done) {
    }

    /** Work on a room's segment files that must happen in order with its appends (rotation, closing). */
    interface SegmentAction {
        void run() throws IOException;
    }

    private final Path dir;
    private final boolean fsync;
    private final boolean forceInRound;
    private final long forceDelayNanos;
    /** Background forcing only: the thread that forces written rounds; null otherwise. */
    private final Thread forcer;
    private final Object forceLock = new Object();
    /** The shared file with rounds written but not yet forced, and since when (guarded by forceLock). */
    private FileChannel unforced;
    private long unforcedSince;
    /** A background force that failed; the next round reports it. */
    private volatile IOException forceFailure;
    private final Executor background;
    private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
    /** Guards the shared file and the segments' writes, whichever thread makes them. */
    private final Object writeLock = new Object();
    /** Entries queued for the writer thread and not yet done (guarded by writeLock): a batch written directly waits its turn behind them. */
    private int queued;
    private final Thread writer;
    private volatile boolean running = true;
    // Guarded by writeLock:
    private FileChannel current;
    /** Under writeLock: where a round's records are put together. */
    private final CommitRound round = new CommitRound(4096);
    /** The next shared file, zero-filled in the background ahead of the checkpoint that needs it. */
    private CompletableFuture<FileChannel> next;
    private long currentNumber;
    private long currentBytes;
    private Set<UpdateLog> written = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * The background work on segment files, one step after another: forcing retired segments, then
     * checkpoints. Each step tells whether everything forced since the last checkpoint was forced,
     * so a checkpoint never removes a shared file whose records a segment may still lack.
     */
    private CompletableFuture<Boolean> segmentWork = CompletableFuture.completedFuture(true);
    /** The room folders that got records back when this log opened: the last server did not stop cleanly. */
    private final List<Path> recovered;

    private CommitLog(Path dir, boolean fsync, LogSync sync, Duration forceDelay, Executor background, List<Path> recovered)
            throws IOException {
        this.dir = dir;
        this.recovered = List.copyOf(recovered);
        this.fsync = fsync;
        this.forceInRound = fsync && sync == LogSync.BEFORE_BROADCAST;
        this.forceDelayNanos = forceDelay.toNanos();
        this.background = background;
        Files.createDirectories(dir);
        currentNumber = newest(dir) + 1;
        current = open(currentNumber);
        prepareNext();
        writer = new Thread(this::run, "collab-commit");
        writer.setDaemon(true);
        writer.start();
        if (fsync && !forceInRound) {
            forcer = new Thread(this::forceWritten, "collab-log-force");
            forcer.setDaemon(true);
            forcer.start();
        } else {
            forcer = null;
        }
    }

    /**
     * Opens the shared log in {@code dir} after recovering what older files there hold into the
     * rooms under {@code roomsRoot}. Call before any room opens. Without {@code fsync} nothing is
     * ever forced (tests, throwaway data); otherwise {@code sync} says when rounds are forced and
     * {@code forceDelay} bounds how long a written round may stay unforced in the background.
     */
    static CommitLog open(Path dir, Path roomsRoot, boolean fsync, LogSync sync, Duration forceDelay, Executor background)
            throws IOException {
        List<Path> recovered = recover(dir, roomsRoot);
        return new CommitLog(dir, fsync, sync, forceDelay, background, recovered);
    }

    /**
     * The room folders whose records the shared files still held when this log opened, after a
     * crash: their files on disk may lack the last edits (written out up to a second late), so
     * these rooms should be loaded once to write them.
     */
    List<Path> recoveredRooms() {
        return recovered;
    }

    /**
     * Stores a room's batch; {@code done} is called with null once the records are stored as the
     * {@link LogSync} asks (written, or forced), or with the failure. Unless rounds are forced, the
     * batch is written on the calling thread and {@code done} called there, before this returns,
     * when nothing is queued for the writer thread; otherwise {@code done} is called on the writer
     * thread, in queue order.
     */
    void commit(UpdateLog room, byte[] records, Consumer<IOException> done) {
        Entry entry = new Entry(room, records, null, done);
        if (forceInRound) {
            enqueue(entry);
            return;
        }
        IOException failure;
        synchronized (writeLock) {
            if (queued > 0 || !running) {
                enqueue(entry);
                return;
            }
            failure = writeRound(List.of(entry));
        }
        done.accept(failure);
    }

    /** Runs {@code action} on the writer thread after the records queued before it, and waits. */
    void runInOrder(UpdateLog room, byte[] records, SegmentAction action) throws IOException {
        CompletableFuture<IOException> finished = new CompletableFuture<>();
        enqueue(new Entry(room, records, action, finished::complete));
        IOException failure = finished.join();
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs {@code action} on the writer thread after the records queued before it, then {@code done}. */
    void runInOrderAsync(UpdateLog room, byte[] records, SegmentAction action, Consumer<IOException> done) {
        enqueue(new Entry(room, records, action, done));
    }

    private void enqueue(Entry entry) {
        synchronized (writeLock) {
            if (running) {
                queued++;
                queue.add(entry);
                return;
            }
        }
        entry.done().accept(new IOException("the document log is closed"));
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                IOException failure;
                synchronized (writeLock) {
                    batch.add(first);
                    queue.drainTo(batch);
                    failure = writeRound(batch);
                }
                for (Entry entry : batch) {
                    try {
                        entry.done().accept(failure);
                    } catch (RuntimeException e) {
                        log.error("A room's reaction to a durable batch failed", e);
                    }
                }
                synchronized (writeLock) {
                    // Only now: a room's next batch, written directly, must not be broadcast before this one.
                    queued -= batch.size();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Under writeLock (a room's segment action): {@code segment} of the room folder {@code folder}
     * gets no more records. It is forced, with the folder's entries, and closed in the background:
     * forcing it here would hold the lock, and so every room's next batch, through a device flush.
     * Its records stay in the shared file until it is forced.
     */
    void retire(FileChannel segment, Path folder) throws IOException {
        if (!fsync) {
            segment.close();
            return;
        }
        afterSegmentWork(forcedSoFar -> {
            try (segment) {
                segment.force(false);
                UpdateLog.syncDirectory(folder);
                return forcedSoFar;
            } catch (IOException e) {
                log.error("Forcing a document log segment to the device failed; the shared log keeps its records", e);
                forceFailure = e;
                return false;
            }
        });
    }

    /** Under writeLock: {@code step} runs in the background after the segment work before it, given whether that forced everything. */
    private void afterSegmentWork(Function<Boolean, Boolean> step) {
        segmentWork = segmentWork.exceptionally(failure -> {
            log.error("Background work on the document log failed", failure);
            return false;
        }).thenApplyAsync(step, background);
    }

    /** Under writeLock: one round, then a checkpoint when the shared file is full. */
    private IOException writeRound(List<Entry> batch) {
        IOException failure = write(batch);
        if (currentBytes >= CHECKPOINT_BYTES) {
            checkpoint();
        }
        return failure;
    }

    /** One round: every room's records to its segment and to the shared file, one force, the segment actions. */
    private IOException write(List<Entry> batch) {
        try {
            round.start();
            for (Entry entry : batch) {
                if (entry.records() != null && entry.records().length > 0) {
                    entry.room().writeToSegment(entry.records());
                    written.add(entry.room());
                    round.add(entry.room().idBytes(), entry.records());
                }
                if (entry.action() != null) {
                    entry.action().run();
                }
            }
            if (!round.isEmpty()) {
                ByteBuffer bytes = round.bytes();
                int size = bytes.remaining();
                while (bytes.hasRemaining()) {
                    current.write(bytes, currentBytes + bytes.position());
                }
                currentBytes += size;
                if (forceInRound) {
                    current.force(false);
                } else if (forcer != null) {
                    written(current);
                }
            }
            IOException failed = forceFailure;
            if (failed != null) {
                forceFailure = null;
                return failed;
            }
            return null;
        } catch (IOException e) {
            log.error("Writing the document log failed", e);
            return e;
        }
    }

    /**
     * Under writeLock: {@code channel} holds a round that is not forced yet. A file replaced by a
     * checkpoint meanwhile needs no force of its own: the checkpoint forces every segment it covers.
     */
    private void written(FileChannel channel) {
        synchronized (forceLock) {
            if (unforced == null) {
                unforcedSince = System.nanoTime();
                forceLock.notifyAll();
            }
            unforced = channel;
        }
    }

    /**
     * The forcing thread: forces the shared file {@code forceDelay} after the first round it has not
     * forced yet, so that the rounds written in that time share one force.
     */
    private void forceWritten() {
        while (true) {
            FileChannel channel;
            try {
                synchronized (forceLock) {
                    while (unforced == null) {
                        if (!running) {
                            return;
                        }
                        forceLock.wait(200);
                    }
                    long wait = unforcedSince + forceDelayNanos - System.nanoTime();
                    if (wait > 0 && running) {
                        TimeUnit.NANOSECONDS.timedWait(forceLock, wait);
                        continue;
                    }
                    channel = unforced;
                    unforced = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                channel.force(false);
            } catch (ClosedChannelException e) {
                // Replaced by a checkpoint, which forced the segments holding its records.
            } catch (IOException e) {
                log.error("Forcing the document log to the device failed", e);
                forceFailure = e;
            }
        }
    }

    /** A fresh shared file for new rounds; the old one goes once the segments it covers are forced. */
    private void checkpoint() {
        FileChannel fresh;
        try {
            fresh = next.join();
        } catch (CompletionException e) {
            // The current file keeps growing past its preallocated size until a next one can be made.
            log.error("Preparing the next document log file failed", e.getCause());
            prepareNext();
            return;
        }
        FileChannel old = current;
        Path oldPath = path(currentNumber);
        currentNumber++;
        current = fresh;
        currentBytes = 0;
        prepareNext();
        Set<UpdateLog> toForce = written;
        written = Collections.newSetFromMap(new IdentityHashMap<>());
        afterSegmentWork(retiredForced -> {
            try {
                if (fsync) {
                    for (UpdateLog room : toForce) {
                        room.forceSegment();
                    }
                }
                old.close();
                if (retiredForced) {
                    Files.deleteIfExists(oldPath);
                } else {
                    log.warn("A document log segment could not be forced; {} stays for recovery", oldPath);
                }
            } catch (IOException e) {
                log.warn("A checkpoint of the document log failed; its file stays for recovery", e);
            }
            // What the kept file covers no longer depends on the segments retired before it.
            return true;
        });
    }

    /**
     * After the rooms have closed (each retired its segment): stops the writer, waits for the retired
     * segments to be forced and removes the shared files (kept for recovery if a force failed).
     */
    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            // From here on, batches are refused instead of written directly.
            running = false;
        }
        try {
            writer.join(10_000);
            if (forcer != null) {
                synchronized (forceLock) {
                    forceLock.notifyAll();
                }
                forcer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture<Boolean> work;
        synchronized (writeLock) {
            work = segmentWork.exceptionally(failure -> false);
        }
        boolean retiredForced = work.join();
        if (fsync) {
            for (UpdateLog room : written) {
                room.forceSegment();
            }
        }
        current.close();
        try {
            next.join().close();
        } catch (RuntimeException e) {
            // it was never made; nothing to close
        }
        if (!retiredForced) {
            throw new IOException("a document log segment could not be forced; the shared log stays for recovery");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(CommitLog::isLogFile).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Copies every intact record of the shared files in {@code dir} into its room's folder as a new
     * segment (forced), then removes the shared files. Rooms whose folder is gone (file deleted) are
     * skipped. Answers the folders that got records.
     */
    static List<Path> recover(Path dir, Path roomsRoot) throws IOException {
        List<Path> recovered = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return recovered;
        }
        TreeMap<Long, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(CommitLog::isLogFile).forEach(f -> files.put(number(f), f));
        }
        if (files.isEmpty()) {
            return recovered;
        }
        Map<String, ByteArrayOutputStream> byRoom = new HashMap<>();
        for (Path file : files.values()) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                while (true) {
                    int length = in.readInt();
                    int expected = in.readInt();
                    // Zeros: the preallocated rest of the file. Anything else short or damaged: a torn round.
                    if (length < 2 || length > MAX_RECORD) {
                        break;
                    }
                    byte[] body = in.readNBytes(length);
                    CRC32 crc = new CRC32();
                    crc.update(body);
                    if (body.length != length || (int) crc.getValue() != expected) {
                        break;
                    }
                    ByteBuffer b = ByteBuffer.wrap(body);
                    byte[] id = new byte[b.getShort()];
                    b.get(id);
                    byRoom.computeIfAbsent(new String(id, StandardCharsets.UTF_8), k -> new ByteArrayOutputStream())
                            .write(body, b.position(), b.remaining());
                }
            } catch (EOFException e) {
                // the end of the file
            }
        }
        Map<String, Path> folders = roomFolders(roomsRoot);
        for (var room : byRoom.entrySet()) {
            Path folder = folders.get(room.getKey());
            if (folder != null) {
                UpdateLog.addRecoveredSegment(folder, room.getValue().toByteArray());
                recovered.add(folder);
                log.info("Recovered {} bytes of document log into {}", room.getValue().size(), folder);
            }
        }
        for (Path file : files.values()) {
            Files.delete(file);
        }
        UpdateLog.syncDirectory(dir);
        return recovered;
    }

    /** Room id → folder, for every room folder under {@code roomsRoot/<workspace>/}. */
    private static Map<String, Path> roomFolders(Path roomsRoot) throws IOException {
        Map<String, Path> folders = new HashMap<>();
        if (!Files.isDirectory(roomsRoot)) {
            return folders;
        }
        try (Stream<Path> workspaces = Files.list(roomsRoot)) {
            for (Path workspace : workspaces.filter(Files::isDirectory).toList()) {
                try (Stream<Path> rooms = Files.list(workspace)) {
                    for (Path room : rooms.toList()) {
                        Path id = room.resolve(UpdateLog.ID_FILE);
                        if (Files.isRegularFile(id)) {
                            folders.put(Files.readString(id, StandardCharsets.UTF_8).strip(), room);
                        }
                    }
                }
            }
        }
        return folders;
    }

    /** Creates shared file {@code number}, zero-filled to {@link #PREALLOCATED_BYTES} and forced. */
    private FileChannel open(long number) throws IOException {
        FileChannel channel = FileChannel.open(path(number), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocate(1024 * 1024);
        for (long at = 0; at < PREALLOCATED_BYTES; at += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                channel.write(zeros, at + zeros.position());
            }
        }
        channel.force(true);
        UpdateLog.syncDirectory(dir);
        return channel;
    }

    private void prepareNext() {
        long number = currentNumber + 1;
        next = CompletableFuture.supplyAsync(() -> {
            try {
                return open(number);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
    }

    private Path path(long number) {
        return dir.resolve(PREFIX + number + SUFFIX);
    }

    private static boolean isLogFile(Path f) {
        String name = f.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && number(f) >= 0;
    }

    private static long number(Path f) {
        String name = f.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    private static long newest(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(CommitLog::isLogFile).mapToLong(CommitLog::number).max().orElse(0);
        }
    }
}
