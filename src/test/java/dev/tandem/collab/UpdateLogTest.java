package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.crdt.YDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpdateLogTest {

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @TempDir
    Path walDir;
    private CommitLog commitLog;

    @BeforeEach
    void start() throws IOException {
        commitLog = CommitLog.open(walDir, walDir, true, LogSync.BEFORE_BROADCAST, Duration.ofMillis(100), background);
    }

    @AfterEach
    void stop() throws IOException {
        commitLog.close();
        background.shutdownNow();
    }

    private YDoc replay(List<byte[]> updates) {
        YDoc doc = new YDoc();
        updates.forEach(doc::applyUpdate);
        return doc;
    }

    @Test
    void updatesSurviveReopeningWithSnapshotsAndLogsAndATornTail() throws IOException {
        YDoc doc = new YDoc();
        List<byte[]> none = new ArrayList<>();
        UpdateLog log = UpdateLog.open(dir, commitLog, true, background, none);
        assertThat(none).isEmpty();
        doc.onUpdate((update, origin, txn) -> log.append(update));
        for (int i = 0; i < 10; i++) {
            doc.getText("content").insert(i, Integer.toString(i));
        }
        log.sync();
        log.compact(doc.encodeStateAsUpdate());
        doc.getText("content").insert(0, ">");
        log.close();

        List<byte[]> replay = new ArrayList<>();
        UpdateLog reopened = UpdateLog.open(dir, commitLog, true, background, replay);
        reopened.close();
        assertThat(replay(replay).getText("content").toString()).isEqualTo(">0123456789");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("snapshot-"))).hasSize(1);
        }

        // A crash in the middle of a write leaves half a record at the end of the newest segment.
        Path newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(f -> f.getFileName().toString().startsWith("log-")).max(Path::compareTo).orElseThrow();
        }
        Files.write(newest, new byte[] {0, 0, 0, 50, 1, 2, 3}, StandardOpenOption.APPEND);
        List<byte[]> afterTear = new ArrayList<>();
        UpdateLog.open(dir, commitLog, true, background, afterTear).close();
        assertThat(replay(afterTear).getText("content").toString()).isEqualTo(">0123456789");
    }

    @Test
    void replayingOverlappingSnapshotAndLogDoublesNothing() throws IOException {
        YDoc doc = new YDoc();
        UpdateLog log = UpdateLog.open(dir, commitLog, false, background, new ArrayList<>());
        doc.onUpdate((update, origin, txn) -> log.append(update));
        doc.getText("content").insert(0, "hello");
        log.sync();
        // A snapshot that covers what the log still holds (a crash before the old segment was removed).
        byte[] state = doc.encodeStateAsUpdate();
        log.close();
        Files.write(dir.resolve("snapshot-0.ydoc"), withCrc(state));
        List<byte[]> replay = new ArrayList<>();
        UpdateLog.open(dir, commitLog, false, background, replay).close();
        assertThat(replay(replay).getText("content").toString()).isEqualTo("hello");
    }

    @Test
    void theSharedCommitLogBringsBackWhatARoomSegmentLost(@TempDir Path rooms) throws IOException {
        Path room = rooms.resolve("7").resolve("abc");
        Path wal = rooms.resolve("wal");
        CommitLog shared = CommitLog.open(wal, rooms, true, LogSync.BEFORE_BROADCAST, Duration.ofMillis(100), background);
        UpdateLog log = UpdateLog.open(room, shared, true, background, new ArrayList<>());
        YDoc doc = new YDoc();
        doc.onUpdate((update, origin, txn) -> log.append(update));
        doc.getText("content").insert(0, "durable ");
        log.sync();
        doc.getText("content").insert(8, "twice");
        log.sync();
        // A machine crash: the shared file was forced, the room's segment was only in the page cache.
        Path saved = Files.createDirectories(rooms.resolve("saved"));
        copyFiles(wal, saved);
        log.close();
        shared.close();
        emptyRoomSegments(room);
        assertThat(recoveredText(saved, rooms, room)).isEqualTo("durable twice");
        try (Stream<Path> files = Files.list(saved)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void batchesOfSeveralRoomsAndAnOversizedOneComeBackFromTheSharedFile(@TempDir Path rooms) throws Exception {
        Path wal = rooms.resolve("wal");
        CommitLog shared = CommitLog.open(wal, rooms, true, LogSync.BEFORE_BROADCAST, Duration.ofMillis(100), background);
        List<Path> folders = new ArrayList<>();
        List<UpdateLog> logs = new ArrayList<>();
        List<YDoc> docs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            folders.add(rooms.resolve("7").resolve("room" + i));
            UpdateLog log = UpdateLog.open(folders.get(i), shared, true, background, new ArrayList<>());
            YDoc doc = new YDoc();
            doc.onUpdate((update, origin, txn) -> log.append(update));
            logs.add(log);
            docs.add(doc);
        }
        // Batches of every room, queued back to back (the writer may take several in a round);
        // one holds a paste larger than the buffer the log keeps for its rounds.
        List<CompletableFuture<IOException>> stored = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 3; i++) {
                YDoc doc = docs.get(i);
                String typed = round == 10 && i == 1 ? "x".repeat(100_000) : "r" + round + " ";
                doc.getText("content").insert(doc.getText("content").length(), typed);
                CompletableFuture<IOException> done = new CompletableFuture<>();
                shared.commit(logs.get(i), logs.get(i).takePending(), done::complete);
                stored.add(done);
            }
        }
        for (CompletableFuture<IOException> done : stored) {
            assertThat(done.get(10, TimeUnit.SECONDS)).isNull();
        }
        Path saved = Files.createDirectories(rooms.resolve("saved"));
        copyFiles(wal, saved);
        for (UpdateLog log : logs) {
            log.close();
        }
        shared.close();
        for (int i = 0; i < 3; i++) {
            emptyRoomSegments(folders.get(i));
        }
        CommitLog.recover(saved, rooms);
        for (int i = 0; i < 3; i++) {
            List<byte[]> replay = new ArrayList<>();
            UpdateLog.open(folders.get(i), commitLog, true, background, replay).close();
            assertThat(replay(replay).getText("content").toString()).isEqualTo(docs.get(i).getText("content").toString());
        }
        assertThat(docs.get(1).getText("content").length()).isGreaterThan(100_000);
    }

    @Test
    void inTheBackgroundModeABatchIsInTheSharedFileWhenItsRoomIsTold(@TempDir Path rooms) throws Exception {
        Path room = rooms.resolve("7").resolve("abc");
        Path wal = rooms.resolve("wal");
        // A delay far longer than the test: whatever the release sees was written, not forced.
        CommitLog shared = CommitLog.open(wal, rooms, true, LogSync.BACKGROUND, Duration.ofSeconds(60), background);
        UpdateLog log = UpdateLog.open(room, shared, true, background, new ArrayList<>());
        YDoc doc = new YDoc();
        doc.onUpdate((update, origin, txn) -> log.append(update));
        doc.getText("content").insert(0, "seen by a client");
        Path saved = Files.createDirectories(rooms.resolve("saved"));
        CompletableFuture<IOException> released = new CompletableFuture<>();
        shared.commit(log, log.takePending(), failure -> {
            // The moment the room may broadcast: a kill -9 now leaves the shared file as another process reads it.
            try {
                copyFiles(wal, saved);
                released.complete(failure);
            } catch (IOException e) {
                released.complete(e);
            }
        });
        assertThat(released.get(10, TimeUnit.SECONDS)).isNull();
        log.close();
        shared.close();
        emptyRoomSegments(room);
        assertThat(recoveredText(saved, rooms, room)).isEqualTo("seen by a client");
    }

    /**
     * Both modes: the writer thread's rounds (before-broadcast), and the background mode's direct
     * writes on the room threads, which must queue behind a compaction's segment rotation.
     */
    @ParameterizedTest
    @EnumSource(LogSync.class)
    void batchesOfManyRoomsAreReleasedInEachRoomsOrderAndAllReachTheSharedFile(LogSync mode, @TempDir Path rooms) throws Exception {
        Path wal = rooms.resolve("wal");
        CommitLog shared = CommitLog.open(wal, rooms, true, mode, Duration.ofSeconds(60), background);
        int roomCount = 8;
        int batches = 200;
        List<UpdateLog> logs = new ArrayList<>();
        List<YDoc> docs = new ArrayList<>();
        List<List<Integer>> released = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            UpdateLog log = UpdateLog.open(rooms.resolve("7").resolve("room" + r), shared, true, background, new ArrayList<>());
            YDoc doc = new YDoc();
            doc.onUpdate((update, origin, txn) -> log.append(update));
            logs.add(log);
            docs.add(doc);
            released.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        // One thread per room, like room threads, each committing its batches as fast as it can.
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(roomCount * batches);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < roomCount; r++) {
            int room = r;
            Thread thread = new Thread(() -> {
                for (int b = 0; b < batches; b++) {
                    int batch = b;
                    docs.get(room).getText("content").insert(0, "x");
                    shared.commit(logs.get(room), logs.get(room).takePending(), failure -> {
                        assertThat(failure).isNull();
                        released.get(room).add(batch);
                        done.countDown();
                    });
                    if (batch % 40 == 39) {
                        logs.get(room).compact(docs.get(room).encodeStateAsUpdate());
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (int r = 0; r < roomCount; r++) {
            assertThat(released.get(r)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, batches).boxed().toList());
        }
        // Everything released is in the shared file: a machine crash (segments lost) loses none of it.
        Path saved = Files.createDirectories(rooms.resolve("saved"));
        copyFiles(wal, saved);
        for (UpdateLog log : logs) {
            log.close();
        }
        shared.close();
        // A clean restart reads the rooms' own files: every batch is there, none fell behind a rotation.
        for (int r = 0; r < roomCount; r++) {
            List<byte[]> replay = new ArrayList<>();
            UpdateLog.open(rooms.resolve("7").resolve("room" + r), commitLog, true, background, replay).close();
            assertThat(replay(replay).getText("content").length()).isEqualTo(batches);
        }
        for (int r = 0; r < roomCount; r++) {
            try (Stream<Path> files = Files.list(rooms.resolve("7").resolve("room" + r))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("log-")).toList()) {
                    Files.write(f, new byte[0]);
                }
            }
        }
        CommitLog.recover(saved, rooms);
        for (int r = 0; r < roomCount; r++) {
            List<byte[]> replay = new ArrayList<>();
            UpdateLog.open(rooms.resolve("7").resolve("room" + r), commitLog, true, background, replay).close();
            assertThat(replay(replay).getText("content").length()).isEqualTo(batches);
        }
    }

    /**
     * A compaction's old segment is retired, not forced under the log's lock: it is forced and closed
     * by the background work, and the shared file that also holds its records stays until then, even
     * past a checkpoint.
     */
    @Test
    void aRetiredSegmentIsForcedAndClosedInTheBackgroundBeforeTheSharedFileGoes(@TempDir Path rooms) throws Exception {
        Path wal = rooms.resolve("wal");
        CommitLog shared = CommitLog.open(wal, rooms, true, LogSync.BACKGROUND, Duration.ofMillis(100), background);
        Path roomA = rooms.resolve("7").resolve("a");
        UpdateLog logA = UpdateLog.open(roomA, shared, true, background, new ArrayList<>());
        UpdateLog logB = UpdateLog.open(rooms.resolve("7").resolve("b"), shared, true, background, new ArrayList<>());
        YDoc doc = new YDoc();
        doc.onUpdate((update, origin, txn) -> logA.append(update));
        doc.getText("content").insert(0, "kept");
        logA.sync();
        // The shared log's next file is ready; from now on its background work waits for the test.
        background.submit(() -> null).get();
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        background.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        logA.compact(doc.encodeStateAsUpdate());
        logA.sync();
        assertThat(openFilesIn(roomA)).as("the old segment, retired, and the new one").hasSize(2);

        // Another room fills the shared file past a checkpoint: its batches are not held up.
        Path first;
        try (Stream<Path> files = Files.list(wal)) {
            first = files.sorted().findFirst().orElseThrow();
        }
        CompletableFuture<IOException> stored = new CompletableFuture<>();
        shared.commit(logB, new byte[(int) CommitLog.CHECKPOINT_BYTES + 1], stored::complete);
        assertThat(stored.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(first).as("kept until the retired segment is forced").exists();

        hold.countDown();
        // Each step of the background work is queued when the one before it ends.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(first) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(first).doesNotExist();
        assertThat(openFilesIn(roomA)).as("only the new segment").hasSize(1);
        logA.close();
        logB.close();
        shared.close();
        List<byte[]> replay = new ArrayList<>();
        UpdateLog.open(roomA, commitLog, true, background, replay).close();
        assertThat(replay(replay).getText("content").toString()).isEqualTo("kept");
    }

    /** The files under {@code folder} this process has open (Linux). */
    private static List<Path> openFilesIn(Path folder) throws IOException {
        List<Path> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(folder.toRealPath())) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return open;
    }

    private static byte[] withCrc(byte[] state) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(state);
        return java.nio.ByteBuffer.allocate(4 + state.length).putInt((int) crc.getValue()).put(state).array();
    }

    /** The room's text after the commit log's files in {@code saved} are recovered and its segments replayed. */
    private String recoveredText(Path saved, Path rooms, Path room) throws IOException {
        CommitLog.recover(saved, rooms);
        List<byte[]> replay = new ArrayList<>();
        UpdateLog.open(room, commitLog, true, background, replay).close();
        return replay(replay).getText("content").toString();
    }

    /** A copy of the files as they are now, as a process started after a kill -9 or a crash would read them. */
    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The room's own segments lost: only what the shared log holds can bring the room back. */
    private static void emptyRoomSegments(Path room) throws IOException {
        try (Stream<Path> files = Files.list(room)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("log-")).toList()) {
                Files.write(f, new byte[0]);
            }
        }
    }
}
