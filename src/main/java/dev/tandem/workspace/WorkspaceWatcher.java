package dev.tandem.workspace;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Tells open views of a workspace which folders' listings changed on disk, whoever changed them:
 * a terminal, a build, git, another user, an upload.
 *
 * <p>Only folders a view has listed are watched (one {@link WatchService} registration each, at
 * most {@value #MAX_DIRECTORIES} per workspace), and only while at least one subscription to the
 * workspace is open. Events are coalesced: a folder is reported once per burst, {@value #QUIET_MILLIS} ms
 * after the last event (at the latest {@value #MAX_DELAY_MILLIS} ms after the first, so a long
 * {@code git checkout} still shows progress), and only when its set of names really changed — an
 * atomic replace of a file's content (a temporary file renamed over it) changes no name and is not
 * reported. One thread serves all workspaces; it starts with the first subscription and ends with
 * the last.
 */
@Service
public class WorkspaceWatcher implements DisposableBean {

    static final long QUIET_MILLIS = 200;
    static final long MAX_DELAY_MILLIS = 1000;
    /** Bounds the kernel watches one workspace can hold (they are a per-user resource on Linux). */
    static final int MAX_DIRECTORIES = 1000;

    private static final Logger log = LoggerFactory.getLogger(WorkspaceWatcher.class);

    /** Told which folders (workspace-relative, "" for the root) changed in one burst; called on the watcher's thread. */
    @FunctionalInterface
    public interface Listener {
        void changed(Set<String> directories);
    }

    private final WorkspaceService workspaces;
    private final Object lock = new Object();
    // All guarded by lock.
    private final Map<Long, Watched> watched = new HashMap<>();
    private final Map<WatchKey, Folder> keys = new HashMap<>();
    private WatchService service;
    private Thread thread;

    public WorkspaceWatcher(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    /**
     * Starts reporting changes of workspace {@code id} to {@code listener}; the user must be a
     * member (404 otherwise). Nothing is watched until {@link Subscription#watch} names a folder.
     */
    public Subscription subscribe(String username, long id, Listener listener) {
        workspaces.roleOf(username, id);
        Path root = workspaces.directory(id);
        Path real;
        try {
            Files.createDirectories(root);
            real = root.toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot open the folder of workspace " + id, e);
        }
        var subscription = new Subscription(id, listener);
        synchronized (lock) {
            if (service == null) {
                start();
            }
            watched.computeIfAbsent(id, w -> new Watched(root, real)).listeners.add(subscription);
        }
        return subscription;
    }

    @Override
    public void destroy() {
        Thread stopping;
        synchronized (lock) {
            watched.clear();
            stopping = stop();
        }
        join(stopping);
    }

    /** Folders watched for workspace {@code id}, for tests. */
    int watchedDirectories(long id) {
        synchronized (lock) {
            Watched w = watched.get(id);
            return w == null ? 0 : w.keys.size();
        }
    }

    /** Whether the watcher thread is running, for tests. */
    boolean running() {
        synchronized (lock) {
            return thread != null && thread.isAlive();
        }
    }

    /** A view's interest in a workspace; close it when the view goes away. */
    public final class Subscription implements AutoCloseable {

        private final long id;
        private final Listener listener;
        private volatile boolean closed;

        private Subscription(long id, Listener listener) {
            this.id = id;
            this.listener = listener;
        }

        /**
         * Watches folder {@code dir} (workspace-relative) from now on. Call it before listing the
         * folder, so that no change between the listing and the watch goes unseen. A folder that
         * does not exist, is a link out of the workspace or is beyond the cap is quietly not watched.
         */
        public void watch(String dir) {
            String path = WorkspacePaths.normalise(dir);
            synchronized (lock) {
                Watched w = watched.get(id);
                if (closed || w == null || w.keys.containsKey(path)) {
                    return;
                }
                if (w.keys.size() >= MAX_DIRECTORIES) {
                    log.debug("Workspace {} already watches {} folders; not watching '{}'", id, MAX_DIRECTORIES, path);
                    return;
                }
                Path folder = path.isEmpty() ? w.root : w.root.resolve(path);
                try {
                    if (!Files.isDirectory(folder) || !folder.toRealPath().startsWith(w.real)) {
                        return;
                    }
                    WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE);
                    w.keys.put(path, key);
                    w.names.put(path, names(folder));
                    keys.put(key, new Folder(id, path));
                } catch (IOException e) {
                    // Gone or unreadable meanwhile: its parent's listing will say so.
                    log.debug("Cannot watch '{}' of workspace {}: {}", path, id, e.toString());
                }
            }
        }

        /** Stops the reports; the last subscription of a workspace releases its watches, the last of all the thread. */
        @Override
        public void close() {
            Thread stopping = null;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                Watched w = watched.get(id);
                if (w != null) {
                    w.listeners.remove(this);
                    if (w.listeners.isEmpty()) {
                        watched.remove(id);
                        w.keys.values().forEach(key -> {
                            key.cancel();
                            keys.remove(key);
                        });
                    }
                }
                if (watched.isEmpty()) {
                    stopping = stop();
                }
            }
            join(stopping);
        }
    }

    /** The watches of one workspace. */
    private static final class Watched {
        final Path root;
        final Path real;
        final List<Subscription> listeners = new CopyOnWriteArrayList<>();
        final Map<String, WatchKey> keys = new HashMap<>();
        /** The names in each watched folder when last reported, folders with a trailing '/'. */
        final Map<String, Set<String>> names = new HashMap<>();

        Watched(Path root, Path real) {
            this.root = root;
            this.real = real;
        }

        /** Stops watching {@code path} and every folder below it. */
        void forget(String path, Map<WatchKey, Folder> allKeys) {
            var it = keys.entrySet().iterator();
            while (it.hasNext()) {
                var entry = it.next();
                String watchedPath = entry.getKey();
                if (watchedPath.equals(path) || path.isEmpty() || watchedPath.startsWith(path + "/")) {
                    entry.getValue().cancel();
                    allKeys.remove(entry.getValue());
                    names.remove(watchedPath);
                    it.remove();
                }
            }
        }
    }

    private record Folder(long workspaceId, String path) {
    }

    private void start() {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot watch workspace folders", e);
        }
        WatchService running = service;
        thread = new Thread(() -> run(running), "workspace-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes the watch service (which ends the thread); returns the thread to wait for. */
    private Thread stop() {
        Thread stopping = thread;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.warn("Closing the workspace watch service failed", e);
            }
        }
        keys.clear();
        service = null;
        thread = null;
        return stopping;
    }

    private static void join(Thread stopping) {
        if (stopping != null && stopping != Thread.currentThread()) {
            try {
                stopping.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(WatchService events) {
        Set<Folder> pending = new LinkedHashSet<>();
        long first = 0;
        long deadline = 0;
        while (true) {
            WatchKey key;
            try {
                if (pending.isEmpty()) {
                    key = events.take();
                } else {
                    long wait = deadline - System.nanoTime();
                    key = wait > 0 ? events.poll(wait, TimeUnit.NANOSECONDS) : null;
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            if (key == null) {
                flush(pending);
                pending.clear();
                continue;
            }
            boolean wasQuiet = pending.isEmpty();
            collect(key, pending);
            if (!pending.isEmpty()) {
                long now = System.nanoTime();
                if (wasQuiet) {
                    first = now;
                }
                deadline = Math.min(now + TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS),
                        first + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS));
            }
        }
    }

    /** Notes the folder of {@code key} as changed, unless only temporary files came and went in it. */
    private void collect(WatchKey key, Set<Folder> pending) {
        List<WatchEvent<?>> happened = key.pollEvents();
        synchronized (lock) {
            Folder folder = keys.get(key);
            Watched w = folder == null ? null : watched.get(folder.workspaceId());
            if (w == null) {
                return;
            }
            for (WatchEvent<?> event : happened) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    pending.add(folder);
                    continue;
                }
                String name = event.context().toString();
                if (temporary(name)) {
                    continue;
                }
                pending.add(folder);
                if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                    // A folder moved away keeps its watch under the old name: drop it, the new place is listed anew.
                    w.forget(WorkspacePaths.join(folder.path(), name), keys);
                }
            }
            if (!key.reset()) {
                w.forget(folder.path(), keys);
            }
        }
    }

    private void flush(Set<Folder> pending) {
        Map<Watched, Set<String>> changed = new LinkedHashMap<>();
        synchronized (lock) {
            for (Folder folder : pending) {
                Watched w = watched.get(folder.workspaceId());
                if (w == null || !w.keys.containsKey(folder.path())) {
                    continue;
                }
                Path dir = folder.path().isEmpty() ? w.root : w.root.resolve(folder.path());
                Set<String> now;
                try {
                    now = names(dir);
                } catch (IOException gone) {
                    w.forget(folder.path(), keys);
                    continue;
                }
                if (!now.equals(w.names.put(folder.path(), now))) {
                    changed.computeIfAbsent(w, x -> new LinkedHashSet<>()).add(folder.path());
                }
            }
        }
        changed.forEach((w, dirs) -> {
            for (Subscription subscription : w.listeners) {
                if (subscription.closed) {
                    continue;
                }
                try {
                    subscription.listener.changed(Set.copyOf(dirs));
                } catch (RuntimeException e) {
                    log.warn("A workspace change listener failed", e);
                }
            }
        });
    }

    /** The names in a folder, folders marked with a trailing '/', without temporary files. */
    private static Set<String> names(Path dir) throws IOException {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!temporary(name)) {
                    names.add(Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name);
                }
            }
        }
        return names;
    }

    /** The staging files of atomic replaces (see {@code DiskFile.writeText} and {@link WorkspaceFiles}). */
    private static boolean temporary(String name) {
        return name.endsWith(".tandem~") || name.startsWith(".tandem-") && name.endsWith(".part");
    }
}
