package dev.tandem.lang;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The jars a workspace's {@code pom.xml} depends on (test scope included), resolved by Maven
 * ({@code dependency:build-classpath}) and cached under the data directory by the pom's content
 * hash, so an unchanged pom is never resolved twice, even across restarts.
 * <p>
 * Maven runs on a copy of the pom in a scratch directory, so the workspace's {@code .mvn/}
 * (extensions, JVM options) is not picked up. A pom can still make Maven run code (build extensions,
 * plugins), so Maven runs in the workspace {@link Sandbox} like a build: as the unprivileged sandbox
 * user, able to change only the scratch directory and the workspace's own local repository, with the
 * network, and killed with its whole process tree at the timeout. Only jars inside that repository
 * are used. Errors never throw: they come back as text for a diagnostic on the pom.
 * <p>
 * Everything is kept per workspace, under {@code $TANDEM_HOME/lang/cache/<workspace>/} ({@code m2}, the
 * local repository, and {@code classpath}, the resolved classpaths), like the build service's
 * {@code build-cache/<workspace>/}: code a pom runs can change its own workspace's repository, but no
 * other workspace's resolution ever reads it. {@link #delete} removes it with the workspace.
 */
@Component
public class MavenDependencies {

    private static final Logger log = LoggerFactory.getLogger(MavenDependencies.class);
    private static final int MAX_ERROR_LINES = 8;
    private static final int MAX_CLASSPATH_BYTES = 4 * 1024 * 1024;

    /** The jars, or an error message (then jars is empty). */
    public record Resolution(List<Path> jars, String error) {
    }

    private final LangProperties properties;
    private final Sandbox sandbox;
    private final Path caches;
    /** One lock per workspace: a resolution and the deletion of the workspace's cache never overlap. */
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    public MavenDependencies(LangProperties properties, TandemProperties tandem, Sandbox sandbox) {
        this.properties = properties;
        this.sandbox = sandbox;
        this.caches = tandem.home().toAbsolutePath().normalize().resolve("lang").resolve("cache");
    }

    /**
     * Resolves (or reads from the workspace's cache) the dependency jars of {@code pom}, the pom of
     * workspace {@code workspaceId}. Blocking: call it off the request path.
     */
    public Resolution resolve(long workspaceId, Path pom) {
        synchronized (lock(workspaceId)) {
            WorkspaceCache cache = cache(workspaceId);
            try {
                byte[] content = Files.readAllBytes(pom);
                if (cannotHaveDependencies(content)) {
                    return new Resolution(List.of(), null);
                }
                Path cached = cache.classpaths().resolve(sha256(content) + ".classpath");
                if (Files.isRegularFile(cached)) {
                    List<Path> jars = parse(Files.readString(cached));
                    // checked again on every use: a later resolution may have changed the repository
                    if (jars.stream().allMatch(jar -> isRepositoryJar(jar, cache.repository()))) {
                        return new Resolution(jars, null);
                    }
                }
                return run(content, cached, cache.repository());
            } catch (IOException e) {
                return new Resolution(List.of(), "Cannot read the pom: " + e.getMessage());
            }
        }
    }

    /**
     * Deletes the workspace's local repository and cached classpaths (the workspace was deleted). Waits
     * for a resolution of the workspace that is still running; close the workspace's model first, so
     * that its resolution is interrupted instead of waited for.
     */
    public void delete(long workspaceId) {
        synchronized (lock(workspaceId)) {
            deleteQuietly(cache(workspaceId).root());
        }
        // A later resolution of the same id (none should come) only makes a new lock.
        locks.remove(workspaceId);
    }

    /**
     * A workspace's folders: {@code repository} is the only one the sandbox may write; {@code classpaths}
     * is written by the server alone, beside it (never inside it, where Maven could replace a file).
     */
    private record WorkspaceCache(Path root, Path repository, Path classpaths) {
    }

    private WorkspaceCache cache(long workspaceId) {
        Path root = caches.resolve(Long.toString(workspaceId));
        return new WorkspaceCache(root, root.resolve("m2"), root.resolve("classpath"));
    }

    private Object lock(long workspaceId) {
        return locks.computeIfAbsent(workspaceId, id -> new Object());
    }

    /**
     * A pom without a {@code <dependency>} element and without a parent resolves to no jars: starting
     * Maven for it (seconds of a second JVM, on the path to a new workspace's first diagnostics) would
     * only confirm that.
     */
    static boolean cannotHaveDependencies(byte[] pom) {
        String text = new String(pom, StandardCharsets.UTF_8);
        return !text.contains("<dependency") && !text.contains("<parent");
    }

    private Resolution run(byte[] pom, Path cached, Path repository) throws IOException {
        Files.createDirectories(repository);
        Path scratch = Files.createTempDirectory("tandem-pom-");
        // Maven's output goes to a file of the server's own that the sandbox only holds open (its stdout),
        // not to a path in the scratch directory, where the sandbox could put a link to a server file.
        Path logFile = Files.createTempFile("tandem-pom-", ".log");
        try {
            Files.write(scratch.resolve("pom.xml"), pom);
            Path out = scratch.resolve("classpath.txt");
            SandboxSpec spec = new SandboxSpec(scratch, List.of(scratch, repository), scratch,
                    // Java takes user.home from the passwd entry, not HOME: keep ~/.m2 (settings) in the scratch directory.
                    Map.of("MAVEN_OPTS", "-Duser.home=" + scratch),
                    List.of(properties.mavenCommand(), "-B", "-q", "-f", scratch.resolve("pom.xml").toString(),
                            "-Dmaven.repo.local=" + repository, "dependency:build-classpath",
                            "-Dmdep.outputFile=" + out, "-Dmdep.includeScope=test"),
                    true, properties.mavenMemoryLimit().toBytes(), properties.mavenMaxProcesses());
            Process process;
            try {
                process = sandbox.start(spec, logFile);
            } catch (TandemException | IllegalArgumentException | UncheckedIOException e) {
                log.warn("Dependency resolution cannot start in the sandbox: {}", e.getMessage());
                return new Resolution(List.of(), "Maven cannot run in the sandbox: " + e.getMessage());
            }
            if (!waitFor(process)) {
                return new Resolution(List.of(), "Resolving the dependencies took longer than "
                        + properties.mavenTimeout().toSeconds() + " s");
            }
            String classpath = process.exitValue() == 0 ? readOutput(out) : null;
            if (classpath == null) {
                return new Resolution(List.of(), "Maven could not resolve the dependencies:\n" + errors(logFile));
            }
            List<Path> jars = inRepository(parse(classpath), repository);
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), "cp", ".tmp");
            Files.writeString(tmp, String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
            Files.move(tmp, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new Resolution(jars, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resolution(List.of(), "Dependency resolution was interrupted");
        } catch (IOException e) {
            log.warn("Maven could not be run for dependency resolution: {}", e.getMessage());
            return new Resolution(List.of(), "Maven could not be run: " + e.getMessage());
        } finally {
            deleteQuietly(scratch);
            logFile.toFile().delete();
        }
    }

    /**
     * Whether Maven ended before the timeout. At the timeout, or when the thread is interrupted (the
     * workspace's model closed, e.g. because the workspace is being deleted), the whole process tree
     * is killed first: a Maven left running could go on writing into the workspace's repository.
     */
    private boolean waitFor(Process process) throws InterruptedException {
        try {
            if (process.waitFor(properties.mavenTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        // The process is bubblewrap (the PID namespace's parent): when it dies, everything in it dies.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("A dependency resolution did not end within 10 s of being killed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The classpath file Maven wrote in the scratch directory, or null without one. The sandbox wrote it:
     * it is read only if it is a plain file (not a link to a server file, not a pipe) of a sane size.
     */
    private static String readOutput(Path out) throws IOException {
        if (!Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(out, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_CLASSPATH_BYTES + 1);
            if (bytes.length > MAX_CLASSPATH_BYTES) {
                throw new IOException("the classpath Maven wrote is larger than " + MAX_CLASSPATH_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }

    /**
     * The entries that are jars inside the workspace's repository. Everything there was written by
     * sandboxed Maven, so a path outside it (a {@code system}-scope dependency, or a crafted classpath file
     * or link, perhaps into another workspace's repository) could make the server open a file that is not
     * this workspace's as a dependency: such entries are left out.
     */
    private static List<Path> inRepository(List<Path> entries, Path repository) {
        List<Path> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (isRepositoryJar(entry, repository)) {
                jars.add(entry);
            } else {
                log.info("Dependency resolution: left out {}, which is not a jar in {}", entry, repository);
            }
        }
        return jars;
    }

    private static boolean isRepositoryJar(Path entry, Path repository) {
        try {
            Path real = entry.toRealPath();
            return entry.isAbsolute() && real.startsWith(repository.toRealPath()) && Files.isRegularFile(real);
        } catch (IOException e) {
            return false;
        }
    }

    private static String errors(Path logFile) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String raw : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
            // Maven resets the colour (an escape sequence) even in batch mode, sometimes before an [ERROR] line.
            String line = raw.replaceAll("\u001B\\[[;\\d]*m", "");
            // Maven's main message may end with " -> [Help 1]": keep the message, drop the pointer and the help text.
            String message = line.startsWith("[ERROR]") ? line.substring(7).replaceAll("\\s*-> \\[Help \\d+]$", "").strip() : "";
            if (!message.isEmpty() && !message.startsWith("[Help") && !message.startsWith("For more information")
                    && !message.contains("re-run Maven") && !message.contains("Re-run Maven") && !message.contains("full stack trace")) {
                lines.add(message);
            }
            if (lines.size() >= MAX_ERROR_LINES) {
                break;
            }
        }
        return lines.isEmpty() ? "(no details)" : String.join("\n", lines);
    }

    private static List<Path> parse(String classpath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(Path.of(entry.strip()));
            }
        }
        return jars;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover scratch directory in the temp folder is harmless.
        }
    }
}
