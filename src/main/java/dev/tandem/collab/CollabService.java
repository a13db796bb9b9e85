package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.workspace.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live documents: one room per open file (and one presence room per workspace), loaded on the
 * first connection from its log or from the file, unloaded some time after the last one leaves.
 * The entry of the {@code collab} room for the websocket endpoint and for other services.
 *
 * <p>Rooms keep their history under {@code <tandem.home>/collab/<workspaceId>/<hash of path>/} and
 * follow moves and deletions announced by the IDE server. This runs in the document server's
 * process ({@link DocumentServer}), not in the IDE server's.
 */
final class CollabService {

    private static final Logger log = LoggerFactory.getLogger(CollabService.class);
    private static final String NAME_FILE = "path";
    private static final long SERVICE_TIMEOUT_SECONDS = 10;

    /** Why a connection was refused before joining a room. */
    record Refusal(CloseReason status) {
    }

    private final CollabProperties properties;
    private final Members members;
    private final Path storageRoot;
    private final Map<RoomKey, Room> rooms = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final RoomClock clock;
    private final ExecutorService background;
    /** Rooms' file writes, beside the rooms: one at a time per room ({@link Room}), in turn for all. */
    private final ExecutorService diskWriter;
    private final CommitLog commitLog;
    private final AwarenessPolicy awarenessPolicy = new AwarenessPolicy();
    /** The latest role read per user and workspace, shared by their connections (see {@link #recheckRole}). */
    private final Map<MemberKey, CheckedRole> checkedRoles = new ConcurrentHashMap<>();
    /** Users (per workspace) whose role is being read now, so that it is asked once at a time. */
    private final Set<MemberKey> rolesBeingRead = ConcurrentHashMap.newKeySet();
    private final ExecutorService roleReader;

    private record MemberKey(String username, long workspaceId) {
    }

    /** A role as read at {@code at}, or the refusal (no longer a member) read then. */
    private record CheckedRole(Role role, TandemException refusal, long at) {
    }

    /** Past this many users × workspaces, readings older than the interval are dropped. */
    private static final int MAX_CHECKED_ROLES = 1024;

    CollabService(CollabProperties properties, Members members, Path home) {
        this.properties = properties;
        this.members = members;
        this.storageRoot = home.resolve("collab");
        this.workers = Executors.newFixedThreadPool(properties.workerThreads(), threads("collab-room-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(threads("collab-timer-"));
        this.clock = new RoomClock(timers, properties);
        this.background = Executors.newSingleThreadExecutor(threads("collab-compact-"));
        this.diskWriter = Executors.newSingleThreadExecutor(threads("collab-disk-"));
        this.roleReader = Executors.newSingleThreadExecutor(threads("collab-roles-"));
        try {
            this.commitLog = CommitLog.open(storageRoot.resolve("wal"), storageRoot, properties.fsync(),
                    properties.logSync(), properties.logSyncDelay(), background);
        } catch (IOException e) {
            throw new UncheckedIOException("The document log under " + storageRoot + " cannot be opened", e);
        }
    }

    /**
     * Joins {@code connection} to the room of its key, loading the room if needed; answers a refusal
     * when the workspace already has the maximum number of open rooms.
     */
    Optional<Refusal> join(Connection connection, Path file) {
        RoomKey key = connection.key();
        Room[] joined = new Room[1];
        rooms.compute(key, (k, existing) -> {
            Room room = existing;
            if (room == null) {
                long open = rooms.keySet().stream().filter(r -> r.workspaceId() == k.workspaceId() && !r.presence()).count();
                if (!k.presence() && open >= properties.maxRoomsPerWorkspace()) {
                    return null;
                }
                room = new Room(k, storageDir(k), file, this);
            }
            room.members.incrementAndGet();
            joined[0] = room;
            return room;
        });
        if (joined[0] == null) {
            return Optional.of(new Refusal(new CloseReason(CloseReason.SERVICE_OVERLOAD,
                    "Too many open documents in this workspace (limit " + properties.maxRoomsPerWorkspace() + ")")));
        }
        connection.joined(joined[0]);
        joined[0].submit(() -> joined[0].add(connection));
        return Optional.empty();
    }

    /**
     * After a crash, writes out the files whose last edits only the log held: a file follows its
     * document up to a second late, so the files of the rooms the log recovered may lack those
     * edits, and readers of the disk (terminal, git, builds) would see the old text until a
     * client opened them again. Each such room is loaded without clients, which writes its file
     * when the log is ahead of it (as a client's opening would), and unloaded again. {@code locate}
     * answers where a file is (the IDE server knows the workspaces' folders), empty when it is gone.
     */
    void catchUp(Function<RoomKey, Optional<Path>> locate) {
        for (Path folder : commitLog.recoveredRooms()) {
            Optional<RoomKey> key = storedKey(folder);
            try {
                Optional<Path> file = key.flatMap(locate);
                if (file.isEmpty()) {
                    continue;
                }
                Room[] opened = new Room[1];
                rooms.computeIfAbsent(key.get(), k -> opened[0] = new Room(k, folder, file.get(), this));
                if (opened[0] != null) {
                    opened[0].submit(opened[0]::unloadUnlessJoined);
                }
            } catch (RuntimeException e) {
                log.warn("Writing out the recovered edits of {} failed; they are written when it is opened", folder, e);
            }
        }
    }

    /** The key of the room whose history is in {@code folder}, from the file path stored there. */
    private Optional<RoomKey> storedKey(Path folder) {
        try {
            long workspaceId = Long.parseLong(folder.getParent().getFileName().toString());
            return storedPath(folder).map(path -> RoomKey.of(workspaceId, path)).filter(key -> storageDir(key).equals(folder));
        } catch (IOException | RuntimeException e) {
            log.warn("The history in {} names no file", folder, e);
            return Optional.empty();
        }
    }

    /**
     * A whole message from a connection, handled in its room's order: a small edit or awareness
     * change on the calling thread when the room is idle, anything that may take longer (a large
     * message; a sync step 1, whose answer encodes the whole document) on the room's worker.
     */
    void message(Connection connection, byte[] message) {
        Room room = connection.room();
        if (room == null) {
            return;
        }
        Runnable handle = () -> room.handle(connection, message);
        if (Frames.isQuick(message)) {
            room.runNowOrSubmit(handle);
        } else {
            room.submit(handle);
        }
    }

    /** The connection closed. */
    void leave(Connection connection) {
        Room room = connection.room();
        if (room == null) {
            return;
        }
        // Under the key's lock, like joining and unloading.
        rooms.compute(room.key(), (k, r) -> {
            room.members.decrementAndGet();
            return r;
        });
        room.submit(() -> room.remove(connection));
    }

    /**
     * Runs {@code inRoom} in the open room of {@code key} and waits until what it changed is durable
     * and broadcast; when no room is open, runs {@code withoutRoom} instead, under the key's lock so
     * that no room opens for the key meanwhile (it would read the file half-way). A room that closes
     * before the task runs (unloaded, moved, deleted) is retried without it.
     */
    <T> T onDocument(RoomKey key, Function<Room, T> inRoom, Supplier<T> withoutRoom) {
        for (int attempt = 0; ; attempt++) {
            CompletableFuture<T> result = new CompletableFuture<>();
            rooms.compute(key, (k, room) -> {
                if (room == null) {
                    try {
                        result.complete(withoutRoom.get());
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                    return null;
                }
                room.submit(() -> room.serve(inRoom, result));
                return room;
            });
            try {
                return result.get(SERVICE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Room.ClosedException && attempt < 3) {
                    continue;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new TandemException(503, "unavailable", "The document could not be stored: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new TandemException(503, "unavailable", "The document did not answer in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TandemException(503, "unavailable", "Interrupted while waiting for the document");
            }
        }
    }

    // ------------------------------------------------------------------ workspace events

    /** A file or folder moved: its open rooms and their histories follow it. */
    void moved(long workspaceId, String from, String to) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<Path> loadedStorage = new ArrayList<>();
        for (Room room : roomsAtOrUnder(workspaceId, from)) {
            String newPath = to + room.key().path().substring(from.length());
            RoomKey newKey = new RoomKey(workspaceId, newPath);
            loadedStorage.add(storageDir(room.key()));
            if (rooms.remove(room.key(), room)) {
                CompletableFuture<Void> moved = new CompletableFuture<>();
                room.submit(() -> {
                    try {
                        room.moved(newPath, storageDir(newKey));
                    } finally {
                        moved.complete(null);
                    }
                });
                done.add(moved);
            }
        }
        for (var stored : storedUnder(workspaceId, from).entrySet()) {
            if (!loadedStorage.contains(stored.getKey())) {
                String newPath = to + stored.getValue().substring(from.length());
                RoomKey newKey = new RoomKey(workspaceId, newPath);
                try {
                    relocateStorage(stored.getKey(), storageDir(newKey), newKey);
                } catch (IOException e) {
                    log.warn("Moving the history of {} failed", stored.getValue(), e);
                }
            }
        }
        awaitAll(done);
    }

    /** A file or folder was deleted: its rooms close and their histories go. */
    void deleted(long workspaceId, String path) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Room room : roomsAtOrUnder(workspaceId, path)) {
            if (rooms.remove(room.key(), room)) {
                CompletableFuture<Void> deleted = new CompletableFuture<>();
                room.submit(() -> {
                    try {
                        room.deleted();
                    } finally {
                        deleted.complete(null);
                    }
                });
                done.add(deleted);
            }
        }
        awaitAll(done);
        storedUnder(workspaceId, path).keySet().forEach(this::deleteStorage);
    }

    /** A workspace was deleted: all its rooms close and its histories go. */
    void workspaceDeleted(long workspaceId) {
        deleted(workspaceId, "");
        deleteStorage(storageRoot.resolve(Long.toString(workspaceId)));
    }

    private List<Room> roomsAtOrUnder(long workspaceId, String path) {
        return rooms.values().stream()
                .filter(r -> r.key().workspaceId() == workspaceId && !r.key().presence()
                        && (path.isEmpty() || r.key().isAtOrUnder(path)))
                .toList();
    }

    /** Stored (possibly unloaded) room histories at or under {@code path}: folder to file path. */
    private Map<Path, String> storedUnder(long workspaceId, String path) {
        Path dir = storageRoot.resolve(Long.toString(workspaceId));
        Map<Path, String> found = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                storedPath(entry).filter(stored -> path.isEmpty() || stored.equals(path) || stored.startsWith(path + "/"))
                        .ifPresent(stored -> found.put(entry, stored));
            }
        } catch (IOException e) {
            log.warn("Listing the document histories of workspace {} failed", workspaceId, e);
        }
        return found;
    }

    /** The workspace-relative path of the file whose history is in {@code folder}, as the folder records it. */
    private static Optional<String> storedPath(Path folder) throws IOException {
        Path name = folder.resolve(NAME_FILE);
        return Files.isRegularFile(name) ? Optional.of(Files.readString(name, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Rooms took too long to follow a file change", e);
        }
    }

    // ------------------------------------------------------------------ for rooms

    CollabProperties properties() {
        return properties;
    }

    ExecutorService workers() {
        return workers;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    RoomClock clock() {
        return clock;
    }

    ExecutorService background() {
        return background;
    }

    ExecutorService diskWriter() {
        return diskWriter;
    }

    CommitLog commitLog() {
        return commitLog;
    }

    AwarenessPolicy awarenessPolicy() {
        return awarenessPolicy;
    }

    /**
     * Applies the latest reading of a connection's role, and when that reading is older than
     * {@code role-recheck}, has it read again in the background: a room thread never waits for the
     * IDE server. One reading serves every connection of the same user in the same workspace: a
     * user with many open files (or a program with hundreds of sockets) costs one question per
     * interval, not one per connection. A demotion or removal takes effect on the first message
     * after the new reading arrived, so at most {@code role-recheck} and one round trip after it.
     *
     * @throws TandemException when the latest reading says the user is no longer a member
     */
    void recheckRole(Connection connection, long now) {
        MemberKey key = new MemberKey(connection.username(), connection.key().workspaceId());
        CheckedRole checked = checkedRoles.get(key);
        if ((checked == null || now - checked.at() >= properties.roleRecheck().toMillis()) && rolesBeingRead.add(key)) {
            roleReader.execute(() -> readRole(key));
        }
        if (checked == null || checked.at() < connection.roleCheckedAt()) {
            // Nothing newer than what the connection was admitted with (or last applied).
            return;
        }
        if (checked.refusal() != null) {
            throw checked.refusal();
        }
        connection.roleChecked(checked.role(), checked.at());
    }

    private void readRole(MemberKey key) {
        long now = System.currentTimeMillis();
        try {
            CheckedRole read;
            try {
                read = new CheckedRole(members.roleOf(key.username(), key.workspaceId()), null, now);
            } catch (TandemException e) {
                read = new CheckedRole(null, e, now);
            }
            if (checkedRoles.size() >= MAX_CHECKED_ROLES) {
                checkedRoles.values().removeIf(c -> now - c.at() >= properties.roleRecheck().toMillis());
            }
            checkedRoles.put(key, read);
        } catch (UncheckedIOException e) {
            // The IDE server could not be asked (restarting): the last reading stands until the next interval.
            log.warn("Re-checking the role of {} failed: {}", key.username(), e.getMessage());
            checkedRoles.computeIfPresent(key, (k, c) -> new CheckedRole(c.role(), c.refusal(), now));
        } finally {
            rolesBeingRead.remove(key);
        }
    }

    /** Removes a closing room from the map (if it is still the one there). */
    void forget(Room room) {
        rooms.remove(room.key(), room);
    }

    /**
     * Removes an idle room, unless a connection joined meanwhile. Joining and this check run under
     * the map's lock for the key, so a room is never unloaded under a joining client.
     */
    boolean unloadIfNoMembers(Room room) {
        boolean[] removed = new boolean[1];
        rooms.computeIfPresent(room.key(), (k, r) -> {
            if (r == room && r.members.get() <= 0) {
                removed[0] = true;
                return null;
            }
            return r;
        });
        return removed[0];
    }

    Path storageDir(RoomKey key) {
        return storageRoot.resolve(Long.toString(key.workspaceId())).resolve(key.presence() ? "presence" : hash(key.path()));
    }

    void writeStorageName(Path storage, RoomKey key) throws IOException {
        Path name = storage.resolve(NAME_FILE);
        if (!Files.exists(name)) {
            Files.writeString(name, key.path(), StandardCharsets.UTF_8);
        }
    }

    void relocateStorage(Path from, Path to, RoomKey newKey) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        deleteStorage(to);
        Files.createDirectories(to.getParent());
        Files.move(from, to);
        Files.writeString(to.resolve(NAME_FILE), newKey.path(), StandardCharsets.UTF_8);
    }

    void deleteStorage(Path storage) {
        try {
            if (Files.exists(storage)) {
                try (Stream<Path> all = Files.walk(storage)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Removing the document history {} failed", storage, e);
        }
    }

    /** Writes everything out and closes every room: clients are told to come back later. */
    void close() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Room room : List.copyOf(rooms.values())) {
            rooms.remove(room.key(), room);
            CompletableFuture<Void> closed = new CompletableFuture<>();
            room.submit(() -> {
                try {
                    room.shutdown();
                } finally {
                    closed.complete(null);
                }
            });
            done.add(closed);
        }
        awaitAll(done);
        try {
            commitLog.close();
        } catch (IOException e) {
            log.warn("Closing the document log failed; it is recovered on the next start", e);
        }
        timers.shutdownNow();
        workers.shutdown();
        roleReader.shutdownNow();
        diskWriter.shutdown();
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hash(String path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
