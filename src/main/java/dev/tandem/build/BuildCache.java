package dev.tandem.build;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The paths a buildspec caches, kept per workspace between builds. A cache path names a folder:
 * its static part before the first wildcard ({@code /root/.m2/**} is the folder {@code .m2} of
 * the home). Paths under {@code /root}, {@code ~} or {@code $HOME} live in the build's home,
 * relative ones in its source; other absolute paths cannot be cached, as a build writes nowhere
 * else. Restoring moves the cached folders into the build and saving moves them back: no file is
 * copied, linked or deleted one by one, whatever the size of the cache.
 */
@Component
class BuildCache {

    private final BuildDirectories dirs;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /** The build that holds each workspace's cache now (it was moved into that build). */
    private final Map<Long, Long> holders = new ConcurrentHashMap<>();

    BuildCache(BuildDirectories dirs) {
        this.dirs = dirs;
    }

    /** A cached folder: {@code area} is "home" or "src", {@code relative} the folder in it. */
    record Entry(String written, String area, String relative) {
    }

    /** The cache entries of the buildspec's paths; {@code rejected} collects those that cannot be cached. */
    static List<Entry> entries(List<String> paths, List<String> rejected) {
        List<Entry> entries = new ArrayList<>();
        for (String written : paths) {
            String p = written.strip();
            int wildcard = indexOfWildcard(p);
            String base = wildcard < 0 ? p : p.substring(0, p.lastIndexOf('/', wildcard) + 1);
            String area;
            String rel;
            if (base.startsWith("/root/") || base.equals("/root")) {
                area = "home";
                rel = base.substring("/root".length());
            } else if (base.startsWith("~/") || base.startsWith("$HOME/")) {
                area = "home";
                rel = base.substring(base.indexOf('/'));
            } else if (base.startsWith("/")) {
                rejected.add(written);
                continue;
            } else {
                area = "src";
                rel = base;
            }
            rel = trimSlashes(rel);
            if (rel.isEmpty() || List.of(rel.split("/")).contains("..")) {
                rejected.add(written);
                continue;
            }
            entries.add(new Entry(written, area, rel));
        }
        return entries;
    }

    /** What {@link #restore} did: folders restored, and whether another build of the workspace held the cache. */
    record Restored(int folders, boolean inUse) {
    }

    /**
     * Hands the cached folders to a build: moves them into its home and source (a rename each,
     * whatever their size), so the build works on the cache itself and nothing is copied or linked
     * file by file. The build holds the cache until {@link #save} gives it back; meanwhile another
     * build of the same workspace starts without it ({@code inUse}). A folder whose place the source
     * snapshot already fills is linked into it instead.
     */
    Restored restore(long workspaceId, long buildId, List<Entry> entries, Path home, Path src) throws IOException {
        synchronized (lock(workspaceId)) {
            if (holders.containsKey(workspaceId)) {
                return new Restored(0, true);
            }
            int restored = 0;
            for (Entry e : entries) {
                Path cached = dirs.cache(workspaceId).resolve(e.area()).resolve(e.relative());
                if (!Files.isDirectory(cached, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path target = BuildFiles.inside(area(e, home, src), e.relative());
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Snapshots.link(cached, target);
                } else {
                    Files.createDirectories(target.getParent());
                    move(cached, target);
                }
                restored++;
            }
            holders.put(workspaceId, buildId);
            return new Restored(restored, false);
        }
    }

    /**
     * Makes the build's folders the cache (moved back, a rename each) and ends the build's hold on
     * it; returns how many were saved. A build that did not hold the cache (another one did) still
     * saves its folders, replacing what is cached.
     */
    int save(long workspaceId, long buildId, List<Entry> entries, Path home, Path src) throws IOException {
        synchronized (lock(workspaceId)) {
            try {
                int saved = 0;
                Path root = dirs.cache(workspaceId);
                for (Entry e : entries) {
                    Path built;
                    try {
                        built = BuildFiles.inside(area(e, home, src), e.relative());
                    } catch (IOException skipped) {
                        continue;
                    }
                    if (!Files.isDirectory(built, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    Path target = root.resolve(e.area()).resolve(e.relative());
                    Path old = root.resolve(".old-" + buildId);
                    Files.createDirectories(target.getParent());
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(target, old);
                    }
                    move(built, target);
                    Snapshots.deleteTree(old);
                    saved++;
                }
                return saved;
            } finally {
                holders.remove(workspaceId, buildId);
            }
        }
    }

    /** Ends a build's hold on the cache without saving (the build could not get as far as running). */
    void release(long workspaceId, long buildId) {
        synchronized (lock(workspaceId)) {
            holders.remove(workspaceId, buildId);
        }
    }

    /** A rename where possible; across file systems a staged tree of links (or copies) swapped in. */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path staged = to.resolveSibling(".staging-" + to.getFileName());
            Snapshots.deleteTree(staged);
            Snapshots.link(from, staged);
            Files.move(staged, to);
        }
    }

    /** Removes a workspace's cache: its workspace is gone. */
    void delete(long workspaceId) throws IOException {
        synchronized (lock(workspaceId)) {
            Snapshots.deleteTree(dirs.cache(workspaceId));
        }
    }

    private Object lock(long workspaceId) {
        return locks.computeIfAbsent(workspaceId, id -> new Object());
    }

    private static Path area(Entry e, Path home, Path src) {
        return e.area().equals("home") ? home : src;
    }

    private static int indexOfWildcard(String p) {
        for (int i = 0; i < p.length(); i++) {
            if ("*?{[".indexOf(p.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String trimSlashes(String s) {
        String r = s;
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
