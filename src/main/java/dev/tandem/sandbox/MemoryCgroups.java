package dev.tandem.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A memory cgroup per sandbox, so that a limit bounds the whole process tree of a terminal or build
 * step (every process, thread and page cache it charges), not each process on its own as
 * {@code RLIMIT_DATA} does. Going past the limit makes the kernel's OOM killer kill a process inside
 * that cgroup only; the server and other sandboxes are not touched.
 *
 * <p>Works where the server may create cgroups below its own: as root, or with a delegated subtree
 * (systemd's {@code Delegate=yes}, or {@code systemd-run --user --scope -p Delegate=yes}). Both the
 * legacy hierarchy (a v1 {@code memory} controller) and the unified one (cgroup v2 with the
 * {@code memory} controller) are supported. For v2 the server moves itself into a leaf
 * {@code server} cgroup first, as v2 allows controllers only for cgroups without processes of their own.
 * Where none of this is possible, {@link #available()} is false and only the per-process
 * {@code RLIMIT_DATA} applies.
 */
final class MemoryCgroups {

    private static final Logger log = LoggerFactory.getLogger(MemoryCgroups.class);
    /** An empty cgroup younger than this may still be waiting for its process: the sweep leaves it. */
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final Path root;
    private final boolean v2;
    private final AtomicLong sequence = new AtomicLong();
    /** Tells this instance's cgroups from those of other servers (or other instances in one JVM, as in tests). */
    private final String prefix;

    private MemoryCgroups(Path root, boolean v2) {
        this.root = root;
        this.v2 = v2;
        this.prefix = ProcessHandle.current().pid() + "-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36);
    }

    /** Finds a memory cgroup hierarchy this process may create children in; empty when there is none. */
    static Optional<MemoryCgroups> detect() {
        try {
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            Optional<MemoryCgroups> found = v1(own, mounts).or(() -> v2(own, mounts));
            found.ifPresent(MemoryCgroups::sweep);
            return found;
        } catch (IOException | RuntimeException e) {
            log.debug("No memory cgroups: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Where the limited sandboxes' cgroups are created. */
    Path root() {
        return root;
    }

    /**
     * Creates a cgroup limited to {@code limitBytes} of memory (and no swap beyond it) and answers the
     * file a process writes its pid to in order to join it; empty when it cannot be created.
     */
    Optional<Path> create(long limitBytes) {
        Path dir = root.resolve("sandbox-" + prefix + "-" + sequence.incrementAndGet());
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            log.warn("Cannot create the memory cgroup {}: {}", dir, e.toString());
            return Optional.empty();
        }
        try {
            String limit = Long.toString(limitBytes);
            if (v2) {
                Files.writeString(dir.resolve("memory.max"), limit);
                writeIfPresent(dir.resolve("memory.swap.max"), "0");
            } else {
                Files.writeString(dir.resolve("memory.limit_in_bytes"), limit);
                // memory and swap together: the sandbox cannot escape its limit into swap
                writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), limit);
            }
            return Optional.of(dir.resolve("cgroup.procs"));
        } catch (IOException e) {
            log.warn("Cannot create the memory cgroup {}: {}", dir, e.toString());
            remove(dir.resolve("cgroup.procs"));
            return Optional.empty();
        }
    }

    /** Removes a sandbox's cgroup once its processes are gone; leaves it to the next sweep otherwise. */
    void remove(Path procs) {
        Path dir = procs.getParent();
        for (int attempt = 0; attempt < 20 && Files.isDirectory(dir); attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                // the kernel is still tearing down the last processes: try again shortly
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Removes empty sandbox cgroups left behind (a crash, or processes that took long to end). */
    void sweep() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "sandbox-*")) {
            Instant old = Instant.now().minus(GRACE);
            for (Path dir : dirs) {
                FileTime created = Files.getLastModifiedTime(dir);
                if (created.toInstant().isBefore(old) && Files.readString(dir.resolve("cgroup.procs")).isBlank()) {
                    Files.deleteIfExists(dir);
                }
            }
        } catch (IOException e) {
            log.debug("Sweeping memory cgroups under {}: {}", root, e.toString());
        }
    }

    private static Optional<MemoryCgroups> v1(List<String> own, List<String> mounts) {
        String path = null;
        for (String line : own) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && List.of(fields[1].split(",")).contains("memory")) {
                path = fields[2];
            }
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String mount : mounts) {
            String[] halves = mount.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup ") && List.of(halves[1].split("[ ,]")).contains("memory")) {
                Path mountPoint = Path.of(halves[0].split(" ")[4]);
                Path own1 = mountPoint.resolve(path.substring(1));
                return usable(own1.resolve("tandem"), false);
            }
        }
        return Optional.empty();
    }

    private static Optional<MemoryCgroups> v2(List<String> own, List<String> mounts) {
        String path = own.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse(null);
        if (path == null) {
            return Optional.empty();
        }
        for (String mount : mounts) {
            String[] halves = mount.split(" - ", 2);
            if (halves.length == 2 && halves[1].startsWith("cgroup2 ")) {
                Path base = Path.of(halves[0].split(" ")[4]).resolve(path.substring(1));
                try {
                    if (!Files.readString(base.resolve("cgroup.controllers")).contains("memory")) {
                        return Optional.empty();
                    }
                    // v2: no processes in a cgroup whose children have controllers. The server moves to a leaf.
                    if (!Files.readString(base.resolve("cgroup.procs")).isBlank()) {
                        Path server = base.resolve("server");
                        Files.createDirectories(server);
                        for (String pid : Files.readAllLines(base.resolve("cgroup.procs"))) {
                            if (!pid.isBlank()) {
                                Files.writeString(server.resolve("cgroup.procs"), pid.strip());
                            }
                        }
                    }
                    Files.writeString(base.resolve("cgroup.subtree_control"), "+memory");
                    Path sandboxes = base.resolve("tandem");
                    Files.createDirectories(sandboxes);
                    Files.writeString(sandboxes.resolve("cgroup.subtree_control"), "+memory");
                    return usable(sandboxes, true);
                } catch (IOException e) {
                    log.debug("cgroup v2 at {} is not usable: {}", base, e.toString());
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The hierarchy is usable when a test cgroup can be created and limited there. */
    private static Optional<MemoryCgroups> usable(Path root, boolean v2) {
        try {
            Files.createDirectories(root);
            MemoryCgroups cgroups = new MemoryCgroups(root, v2);
            Optional<Path> probe = cgroups.create(64L << 20);
            probe.ifPresent(cgroups::remove);
            return probe.map(p -> cgroups);
        } catch (IOException e) {
            log.debug("Memory cgroups under {} are not usable: {}", root, e.toString());
            return Optional.empty();
        }
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }
}
