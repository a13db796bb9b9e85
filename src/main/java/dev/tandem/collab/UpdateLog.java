package dev.tandem.collab;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
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
 * holds records {@code [int32 length][int32 crc32][update]}. Appends go to the newest segment and
 * reach the device in batches ({@link #sync()}, one fsync for all updates a room handled in one
 * go). Compaction starts a new segment in the room's thread and writes the snapshot and removes the
 * covered files in the background; a crash at any point leaves either the old or the new snapshot
 * plus segments that may overlap it, which is harmless: applying a Yjs update twice changes nothing.
 * A torn record at the end of a segment (crash during a write) is dropped on load.
 *
 * <p>Why files and not the database: an append plus one fsync per batch is the cheapest durable
 * write there is, each room's folder is independent of the others (no shared lock), and the log
 * stays next to the data directory that DESIGN.md makes the source of truth. Confined to its room's
 * thread, except the background part of compaction, which touches only files the room no longer writes.
 */
final class UpdateLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(UpdateLog.class);
    private static final int HEADER = 8;

    private final Path dir;
    private final boolean fsync;
    private final Executor background;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private FileChannel segment;
    private long generation;
    private int appendedSinceSnapshot;
    /** The snapshot being written in the background, if any. */
    private CompletableFuture<Void> compaction = CompletableFuture.completedFuture(null);

    private UpdateLog(Path dir, boolean fsync, Executor background) {
        this.dir = dir;
        this.fsync = fsync;
        this.background = background;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, adds what it holds to {@code replayInto}
     * (snapshot first, then the updates in order), and starts a fresh segment for new appends.
     */
    static UpdateLog open(Path dir, boolean fsync, Executor background, List<byte[]> replayInto) throws IOException {
        Files.createDirectories(dir);
        UpdateLog updateLog = new UpdateLog(dir, fsync, background);
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        TreeMap<Long, Path> segments = new TreeMap<>();
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
        long newest = Math.max(snapshots.isEmpty() ? 0 : snapshots.lastKey(), segments.isEmpty() ? 0 : segments.lastKey());
        updateLog.generation = newest + 1;
        updateLog.appendedSinceSnapshot = replayInto.size() - (base >= 0 ? 1 : 0);
        updateLog.segment = openSegment(dir, updateLog.generation);
        return updateLog;
    }

    /** Queues an update for the next {@link #sync()}. */
    void append(byte[] update) {
        CRC32 crc = new CRC32();
        crc.update(update);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(update.length).putInt((int) crc.getValue());
        buffer.writeBytes(header.array());
        buffer.writeBytes(update);
        appendedSinceSnapshot++;
    }

    /** Writes the queued updates and forces them to the device; nothing is broadcast before this returns. */
    void sync() throws IOException {
        if (buffer.size() == 0) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        buffer.reset();
        while (bytes.hasRemaining()) {
            segment.write(bytes);
        }
        if (fsync) {
            segment.force(false);
        }
    }

    /** Updates appended since the last snapshot. */
    int appendedSinceSnapshot() {
        return appendedSinceSnapshot;
    }

    /**
     * Compacts: {@code state} is the whole document now (the room's {@code encodeStateAsUpdate}),
     * so it replaces every update appended so far. Call after {@link #sync()}. The snapshot is
     * written in the background; a compaction still running makes this a no-op.
     */
    void compact(byte[] state) throws IOException {
        if (!compaction.isDone()) {
            return;
        }
        long covered = rotate();
        compaction = CompletableFuture.runAsync(() -> {
            try {
                writeSnapshot(covered, state);
            } catch (IOException | UncheckedIOException e) {
                log.warn("Compacting {} failed; the log keeps every update", dir, e);
            }
        }, background);
    }

    /** Compacts in the calling thread (a room about to unload), after any background compaction. */
    void compactNow(byte[] state) throws IOException {
        compaction.join();
        writeSnapshot(rotate(), state);
    }

    /** Starts a new segment; answers the generation the next snapshot covers. */
    private long rotate() throws IOException {
        sync();
        long covered = generation;
        segment.close();
        generation++;
        segment = openSegment(dir, generation);
        appendedSinceSnapshot = 0;
        return covered;
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

    /** Syncs, waits for a background compaction to finish, and closes: the folder is then free for another room. */
    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            segment.close();
            compaction.join();
        }
    }

    private static FileChannel openSegment(Path dir, long generation) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("log-" + generation + ".ylog"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        syncDirectory(dir);
        return channel;
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
