package dev.tandem.collab;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable history of one room: a snapshot (the whole document as one Yjs update) followed by
 * log segments of the updates applied since, in a folder of its own.
 *
 * <p>Files: {@code snapshot-G.ydoc} covers every segment up to generation G; {@code log-G.ylog}
 * holds records {@code [int32 length][int32 crc32][update]}; {@code id} names the folder for the
 * shared {@link CommitLog}. The room appends to a buffer; at the end of each batch it hands the
 * buffer to the commit log ({@link #takePending()}), which writes it to the newest segment and
 * makes it durable together with every other room's batch. Compaction starts a new segment (in
 * order with the appends, on the commit log's writer thread) and writes the snapshot and
 * removes the covered files in the background; a crash at any point leaves either the old or the new
 * snapshot plus segments that may overlap it, which is harmless: applying a Yjs update twice
 * changes nothing. A torn record at the end of a segment (crash during a write) is dropped on load.
 *
 * <p>Why files and not the database: an append plus one shared fsync per round is the cheapest
 * durable write there is, each room's folder is independent of the others, and the log stays next
 * to the data directory that DESIGN.md makes the source of truth. The buffer is confined to the
 * room's thread, the segment to the commit log's lock (and to the room's thread while opening).
 */
final class UpdateLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(UpdateLog.class);
    private static final int HEADER = 8;
    static final String ID_FILE = "id";

    private final Path dir;
    private final CommitLog commitLog;
    private final boolean fsync;
    private final Executor background;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    /** Checksums of appended records; the room's thread only, reused since every update needs one. */
    private final CRC32 crc = new CRC32();
    private final String id;
    /** The id as the commit log frames it, encoded once. */
    private final byte[] idBytes;
    private volatile FileChannel segment;
    private long generation;
    private int appendedSinceSnapshot;
    /** The snapshot being written in the background, if any. */
    private CompletableFuture<Void> compaction = CompletableFuture.completedFuture(null);

    private UpdateLog(Path dir, String id, CommitLog commitLog, boolean fsync, Executor background) {
        this.dir = dir;
        this.id = id;
        this.idBytes = id.getBytes(StandardCharsets.UTF_8);
        this.commitLog = commitLog;
        this.fsync = fsync;
        this.background = background;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, adds what it holds to {@code replayInto}
     * (snapshot first, then the updates in order), and starts a fresh segment for new appends.
     */
    static UpdateLog open(Path dir, CommitLog commitLog, boolean fsync, Executor background, List<byte[]> replayInto)
            throws IOException {
        Files.createDirectories(dir);
        Path idFile = dir.resolve(ID_FILE);
        if (!Files.isRegularFile(idFile)) {
            Files.writeString(idFile, UUID.randomUUID().toString(), StandardCharsets.UTF_8);
            syncDirectory(dir);
        }
        UpdateLog updateLog = new UpdateLog(dir, Files.readString(idFile, StandardCharsets.UTF_8).strip(), commitLog,
                fsync, background);
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        TreeMap<Long, Path> segments = new TreeMap<>();
        list(dir, snapshots, segments);
        long base = -1;
        for (var entry : snapshots.descendingMap().entrySet()) {
            byte[] snapshot = readSnapshot(entry.getValue());
            if (snapshot != null) {
                replayInto.add(snapshot);
                base = entry.getKey();
                break;
            }
            log.warn("Ignoring damaged snapshot {}", entry.getValue());
        }
        for (var entry : segments.tailMap(base, false).entrySet()) {
            readSegment(entry.getValue(), replayInto);
        }
        updateLog.generation = newest(snapshots, segments) + 1;
        updateLog.appendedSinceSnapshot = replayInto.size() - (base >= 0 ? 1 : 0);
        updateLog.segment = openSegment(dir, updateLog.generation);
        return updateLog;
    }

    /**
     * Adds {@code records} (segment records recovered from the commit log) to the room folder
     * {@code dir} as a new, forced segment after every existing file.
     */
    static void addRecoveredSegment(Path dir, byte[] records) throws IOException {
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        TreeMap<Long, Path> segments = new TreeMap<>();
        list(dir, snapshots, segments);
        try (FileChannel out = openSegment(dir, newest(snapshots, segments) + 1)) {
            ByteBuffer bytes = ByteBuffer.wrap(records);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        syncDirectory(dir);
    }

    private static void list(Path dir, TreeMap<Long, Path> snapshots, TreeMap<Long, Path> segments) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.startsWith("snapshot-") && name.endsWith(".ydoc")) {
                    snapshots.put(generationOf(name, "snapshot-", ".ydoc"), f);
                } else if (name.startsWith("log-") && name.endsWith(".ylog")) {
                    segments.put(generationOf(name, "log-", ".ylog"), f);
                }
            });
        }
    }

    private static long newest(TreeMap<Long, Path> snapshots, TreeMap<Long, Path> segments) {
        return Math.max(snapshots.isEmpty() ? 0 : snapshots.lastKey(), segments.isEmpty() ? 0 : segments.lastKey());
    }

    /** The folder's id in the commit log. */
    String id() {
        return id;
    }

    /** {@link #id} in UTF-8. */
    byte[] idBytes() {
        return idBytes;
    }

    /** Queues an update for the room's next batch. */
    void append(byte[] update) {
        crc.reset();
        crc.update(update);
        writeInt(update.length);
        writeInt((int) crc.getValue());
        buffer.writeBytes(update);
        appendedSinceSnapshot++;
    }

    /** Big-endian, like the rest of the record format. */
    private void writeInt(int value) {
        buffer.write(value >>> 24);
        buffer.write(value >>> 16);
        buffer.write(value >>> 8);
        buffer.write(value);
    }

    /** The records appended since the last call, for the commit log (empty when none). */
    byte[] takePending() {
        if (buffer.size() == 0) {
            return EMPTY;
        }
        byte[] records = buffer.toByteArray();
        // A buffer grown by one big batch (a paste, a load) is not kept for the room's life.
        buffer = records.length > SMALL_BATCH ? new ByteArrayOutputStream() : buffer;
        buffer.reset();
        return records;
    }

    private static final byte[] EMPTY = new byte[0];
    private static final int SMALL_BATCH = 16 * 1024;

    /** Makes everything appended so far durable, waiting for the commit log. */
    void sync() throws IOException {
        commitLog.runInOrder(this, takePending(), null);
    }

    /** Under the commit log's lock: adds records to the newest segment (the commit log makes them durable). */
    void writeToSegment(byte[] records) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(records);
        while (bytes.hasRemaining()) {
            segment.write(bytes);
        }
    }

    /**
     * Forces the newest segment and the folder's entries to the device (a checkpoint of the commit
     * log); any thread. A segment rotated or closed meanwhile was retired to the commit log, which
     * forces it.
     */
    void forceSegment() throws IOException {
        try {
            segment.force(false);
        } catch (ClosedChannelException e) {
            // retired: the commit log forces it
        }
        syncDirectory(dir);
    }

    /**
     * Under the commit log's lock: the newest segment is complete and segment {@code next} takes
     * over. The old one is not forced here but retired to the commit log, which forces and closes
     * it in the background: its records are in the shared file too, which is kept until then.
     */
    private void rotateSegment(long next) throws IOException {
        commitLog.retire(segment, dir);
        segment = openSegment(dir, next);
    }

    /** Updates appended since the last snapshot. */
    int appendedSinceSnapshot() {
        return appendedSinceSnapshot;
    }

    /**
     * Compacts: {@code state} is the whole document now (the room's {@code encodeStateAsUpdate}),
     * so it replaces every update appended so far. A new segment is started after the pending
     * appends; the snapshot is written in the background. A compaction still running makes this a no-op.
     */
    void compact(byte[] state) {
        if (!compaction.isDone()) {
            return;
        }
        long covered = generation;
        long next = ++generation;
        appendedSinceSnapshot = 0;
        CompletableFuture<Void> running = new CompletableFuture<>();
        compaction = running;
        commitLog.runInOrderAsync(this, takePending(), () -> rotateSegment(next), failure -> {
            if (failure != null) {
                running.complete(null);
                return;
            }
            background.execute(() -> {
                try {
                    writeSnapshot(covered, state);
                } catch (IOException | UncheckedIOException e) {
                    log.warn("Compacting {} failed; the log keeps every update", dir, e);
                } finally {
                    running.complete(null);
                }
            });
        });
    }

    /** Writes the snapshot of generation {@code covered} and removes the files it replaces. */
    private void writeSnapshot(long covered, byte[] state) throws IOException {
        Path target = dir.resolve("snapshot-" + covered + ".ydoc");
        Path temp = dir.resolve("snapshot-" + covered + ".tmp");
        CRC32 crc = new CRC32();
        crc.update(state);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate(4 + state.length).putInt((int) crc.getValue()).put(state).flip();
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (fsync) {
                out.force(true);
            }
        }
        moveAtomically(temp, target);
        syncDirectory(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                boolean oldSegment = name.startsWith("log-") && name.endsWith(".ylog")
                        && generationOf(name, "log-", ".ylog") <= covered;
                boolean oldSnapshot = name.startsWith("snapshot-") && name.endsWith(".ydoc")
                        && generationOf(name, "snapshot-", ".ydoc") < covered;
                if (oldSegment || oldSnapshot) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Writes what is pending, retires the segment to the commit log (which forces and closes it in the
     * background; until then the shared file holds its records) and waits for a background compaction.
     */
    @Override
    public void close() throws IOException {
        try {
            commitLog.runInOrder(this, takePending(), () -> commitLog.retire(segment, dir));
        } finally {
            compaction.join();
        }
    }

    /** Its directory entry is made durable when the segment is forced (its records are in the shared file till then). */
    private static FileChannel openSegment(Path dir, long generation) throws IOException {
        return FileChannel.open(dir.resolve("log-" + generation + ".ylog"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static byte[] readSnapshot(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 4) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int expected = in.getInt();
        byte[] state = new byte[bytes.length - 4];
        in.get(state);
        CRC32 crc = new CRC32();
        crc.update(state);
        return (int) crc.getValue() == expected ? state : null;
    }

    private static void readSegment(Path file, List<byte[]> into) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= HEADER) {
            int start = in.position();
            int length = in.getInt();
            int expected = in.getInt();
            if (length < 0 || length > in.remaining()) {
                log.warn("Dropping a torn record at the end of {} (offset {})", file, start);
                return;
            }
            byte[] update = new byte[length];
            in.get(update);
            CRC32 crc = new CRC32();
            crc.update(update);
            if ((int) crc.getValue() != expected) {
                log.warn("Dropping a damaged record at the end of {} (offset {})", file, start);
                return;
            }
            into.add(update);
        }
    }

    private static long generationOf(String name, String prefix, String suffix) {
        try {
            return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a created or renamed file's directory entry durable (Linux; elsewhere a no-op). */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the data itself has been forced already.
        }
    }
}
