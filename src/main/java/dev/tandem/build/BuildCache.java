package dev.tandem.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * else. Restoring and saving link files rather than copy them.
 */
@Component
class BuildCache {

    private final BuildDirectories dirs;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

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

    /** Links the cached folders into a build's home and source; returns how many were restored. */
    int restore(long workspaceId, List<Entry> entries, Path home, Path src) throws IOException {
        synchronized (lock(workspaceId)) {
            int restored = 0;
            for (Entry e : entries) {
                Path cached = dirs.cache(workspaceId).resolve(e.area()).resolve(e.relative());
                if (Files.isDirectory(cached, LinkOption.NOFOLLOW_LINKS)) {
                    Path target = BuildFiles.inside(area(e, home, src), e.relative());
                    Snapshots.link(cached, target);
                    restored++;
                }
            }
            return restored;
        }
    }

    /** Replaces the cached folders with the build's (linked, then swapped in whole). */
    int save(long workspaceId, long buildId, List<Entry> entries, Path home, Path src) throws IOException {
        synchronized (lock(workspaceId)) {
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
                Path staged = root.resolve(".staging-" + buildId);
                Path old = root.resolve(".old-" + buildId);
                Snapshots.deleteTree(staged);
                Snapshots.link(built, staged);
                Files.createDirectories(target.getParent());
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(target, old);
                }
                Files.move(staged, target);
                Snapshots.deleteTree(old);
                saved++;
            }
            return saved;
        }
    }

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
