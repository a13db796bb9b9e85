package dev.tandem.sandbox;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * How every process of a workspace is started: inside bubblewrap, where only the spec's writable paths
 * and home can be changed, the rest of the filesystem is read-only (Tandem's data directory and the
 * configured private directories are hidden), the command has its own PID, IPC and UTS namespaces and
 * an unprivileged user, and limits on processes and memory apply.
 *
 * <p>Killing the process that {@link #start} returns (or the pty process started from {@link #prepare})
 * kills the whole tree: bubblewrap's PID 1 dies with its parent ({@code --die-with-parent}), and when the
 * init of a PID namespace dies the kernel kills everything in it.
 *
 * <p>When the server runs as root, the command first drops to {@code tandem.sandbox.host-uid} with
 * {@code setpriv}, so that it is not root even outside its user namespace (root's processes ignore
 * {@code RLIMIT_NPROC}, and root owns every root-owned file); the writable paths are handed to that user.
 *
 * <p>A plain (non-pty) command gets a session of its own only when the server has a controlling terminal
 * (see {@link #detachFromTerminal}).
 *
 * <p>Without a working bubblewrap nothing starts, unless {@code tandem.sandbox.allow-unsandboxed=true}:
 * then commands run as plain processes and a warning is logged.
 */
@Service
public class Sandbox {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String USER = "tandem";

    private final SandboxProperties properties;
    private final Path dataDir;
    private final boolean root;
    private final boolean isolated;
    private final Path identityDir;
    private final Optional<MemoryCgroups> cgroups;

    public Sandbox(SandboxProperties properties, TandemProperties tandem) {
        this.properties = properties;
        this.dataDir = tandem.home();
        this.root = currentUid() == 0;
        this.identityDir = tandem.home().resolve("sandbox");
        this.isolated = Files.isExecutable(properties.bwrap()) && writeIdentityFiles() && probe();
        this.cgroups = properties.memoryCgroups() ? MemoryCgroups.detect() : Optional.empty();
        if (cgroups.isPresent()) {
            log.info("Sandbox: memory limits apply to each sandbox as a whole (memory cgroups under {})",
                    cgroups.get().root());
        } else {
            log.info("Sandbox: no memory cgroups can be created here{}; memory limits apply per process (RLIMIT_DATA)",
                    properties.memoryCgroups() ? "" : " (tandem.sandbox.memory-cgroups=false)");
        }
        if (isolated) {
            log.info("Sandbox: bubblewrap {}{}", properties.bwrap(),
                    root ? ", commands run as host uid " + properties.hostUid() : "");
        } else if (properties.allowUnsandboxed()) {
            log.warn("Sandbox: bubblewrap ({}) is not usable; tandem.sandbox.allow-unsandboxed=true, so workspace "
                    + "commands run as PLAIN PROCESSES with the server's rights. Do not do this with untrusted users.",
                    properties.bwrap());
        } else {
            log.error("Sandbox: bubblewrap ({}) is not usable, so no workspace command can start (terminals, builds). "
                    + "Install bubblewrap, or set tandem.sandbox.allow-unsandboxed=true to run them unsandboxed.",
                    properties.bwrap());
        }
    }

    /** True when a sandbox's memory limit bounds its whole process tree (a memory cgroup), not only each process. */
    public boolean memoryCgroups() {
        return cgroups.isPresent();
    }

    /** Frees what a command held once it has ended (its memory cgroup); safe to call more than once. */
    public void release(SandboxedCommand command) {
        if (command.memoryCgroup() != null) {
            cgroups.ifPresent(c -> c.remove(command.memoryCgroup()));
        }
    }

    /** True when commands run in bubblewrap; false only when the plain fallback is explicitly allowed (or nothing can run). */
    public boolean isolated() {
        return isolated;
    }

    /**
     * The full command line for {@code spec}, for a program that shares the caller's controlling terminal
     * only if there is none (it starts a new session): use this with {@link ProcessBuilder}.
     *
     * @throws TandemException 503 when there is no sandbox and unsandboxed commands are not allowed
     */
    public SandboxedCommand prepare(SandboxSpec spec) {
        return build(spec, true);
    }

    /**
     * Like {@link #prepare}, but for a command that runs on its own pseudo-terminal (Pty4J): it keeps that
     * pty as its controlling terminal, so job control works. The pty belongs to the sandbox alone.
     */
    public SandboxedCommand prepareForTerminal(SandboxSpec spec) {
        return build(spec, false);
    }

    /** Starts {@code spec} as a plain (non-pty) process; destroying it kills its whole tree. */
    public Process start(SandboxSpec spec) {
        return start(spec, builder -> { });
    }

    /**
     * Like {@link #start(SandboxSpec)}, with the command's output and errors written to {@code log}: a
     * file of the server's that the command only gets as its open output, not as a path it could replace.
     */
    public Process start(SandboxSpec spec, Path log) {
        return start(spec, builder -> builder.redirectErrorStream(true).redirectOutput(log.toFile()));
    }

    private Process start(SandboxSpec spec, Consumer<ProcessBuilder> output) {
        SandboxedCommand command = prepare(spec);
        ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(command.workDir().toFile());
        output.accept(builder);
        builder.environment().clear();
        builder.environment().putAll(command.env());
        try {
            Process process = builder.start();
            process.onExit().thenRun(() -> release(command));
            return process;
        } catch (IOException e) {
            release(command);
            throw new UncheckedIOException("cannot start sandboxed command", e);
        }
    }

    private SandboxedCommand build(SandboxSpec spec, boolean newSession) {
        if (!isolated && !properties.allowUnsandboxed()) {
            throw new TandemException(503, "sandbox_unavailable",
                    "Workspace commands are disabled: bubblewrap is not available on this server.");
        }
        Map<String, String> env = environment(spec);
        boolean detach = newSession && detachFromTerminal();
        List<String> argv = new ArrayList<>();
        Path cgroup = spec.memoryLimitBytes() > 0 ? cgroups.flatMap(c -> c.create(spec.memoryLimitBytes())).orElse(null) : null;
        if (cgroup != null) {
            // The command joins its cgroup before anything else runs (still with the server's rights),
            // so all it starts is counted there.
            argv.addAll(List.of("/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroup.toString()));
        }
        argv.addAll(limits(spec));
        if (isolated) {
            if (root) {
                handOver(spec);
                argv.addAll(dropPrivileges());
            }
            argv.addAll(bwrap(spec, detach));
        } else {
            argv.addAll(detach ? List.of("setsid") : List.of());
        }
        argv.addAll(spec.command());
        return new SandboxedCommand(argv, env, spec.workDir(), cgroup);
    }

    /**
     * Whether a plain command must leave the server's session. Its only purpose is the server's
     * controlling terminal: a process in that session could open it ({@code /dev/tty}) and push input
     * into it ({@code TIOCSTI}). A server without one (a service, or started from a script without a
     * terminal) has nothing to protect there, and a new session has a cost: with the kernel's
     * autogroup scheduling (on by default) every session is a CPU group of its own, so a build in its
     * own session competes with every other session as one equal group, instead of sharing the server's
     * (measured in docs/BENCHMARKS.md, issue 7: builds of the java-maven template up to ~10 % slower
     * on a loaded machine). Checked per command, as the server could acquire a terminal later.
     */
    private static boolean detachFromTerminal() {
        return controllingTerminal(Path.of("/proc/self/stat")) != 0;
    }

    /** The {@code tty_nr} field of a {@code /proc/<pid>/stat} file: 0 when the process has no controlling terminal; -1 (detach) when unreadable. */
    static int controllingTerminal(Path stat) {
        try {
            String text = Files.readString(stat);
            // the command name (field 2) is in parentheses and may contain spaces: count from the last ')'
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[4]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Map<String, String> environment(SandboxSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", spec.home().toString());
        env.put("USER", USER);
        env.put("LOGNAME", USER);
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.putAll(spec.env());
        return env;
    }

    private static List<String> limits(SandboxSpec spec) {
        List<String> argv = new ArrayList<>();
        if (spec.maxProcesses() > 0) {
            argv.add("--nproc=" + spec.maxProcesses());
        }
        if (spec.memoryLimitBytes() > 0) {
            argv.add("--data=" + spec.memoryLimitBytes());
        }
        if (argv.isEmpty()) {
            return List.of();
        }
        argv.add(0, "prlimit");
        argv.add("--");
        return argv;
    }

    private List<String> dropPrivileges() {
        int uid = properties.hostUid();
        return List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all", "--");
    }

    private List<String> bwrap(SandboxSpec spec, boolean newSession) {
        List<String> argv = new ArrayList<>(List.of(properties.bwrap().toString(),
                "--unshare-user", "--uid", String.valueOf(properties.sandboxUid()),
                "--gid", String.valueOf(properties.sandboxUid()),
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent", "--hostname", "tandem"));
        if (!spec.network()) {
            argv.add("--unshare-net");
        }
        if (newSession) {
            argv.add("--new-session");
        }
        argv.addAll(List.of("--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        List<Path> hidden = hiddenDirectories();
        for (Path dir : hidden) {
            argv.addAll(List.of("--tmpfs", dir.toString()));
        }
        argv.addAll(List.of("--ro-bind", identityDir.resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", identityDir.resolve("group").toString(), "/etc/group"));
        for (Path path : writablePaths(spec)) {
            argv.addAll(List.of("--bind", path.toString(), path.toString()));
        }
        for (Path dir : hidden) {
            argv.addAll(List.of("--remount-ro", dir.toString()));
        }
        argv.addAll(List.of("--chdir", spec.workDir().toString(), "--"));
        return argv;
    }

    private List<Path> hiddenDirectories() {
        return Stream.concat(Stream.of(dataDir), properties.hiddenPaths().stream())
                .map(p -> p.toAbsolutePath().normalize())
                .filter(Files::isDirectory)
                .distinct()
                // outer directories first, so an inner hidden directory is not covered up again
                .sorted(Comparator.comparingInt(Path::getNameCount))
                .toList();
    }

    private static List<Path> writablePaths(SandboxSpec spec) {
        return Stream.concat(spec.writable().stream(), Stream.of(spec.home()))
                .map(p -> p.toAbsolutePath().normalize())
                .distinct()
                .peek(p -> {
                    if (!Files.isDirectory(p)) {
                        throw new IllegalArgumentException("writable sandbox path is not a directory: " + p);
                    }
                })
                .toList();
    }

    /**
     * Makes the writable paths the unprivileged host user's, so the sandbox can change them, and checks
     * that it can reach them at all (every parent directory must be searchable by others).
     */
    private void handOver(SandboxSpec spec) {
        int uid = properties.hostUid();
        List<Path> paths = writablePaths(spec);
        for (Path path : paths) {
            if (paths.stream().anyMatch(other -> !other.equals(path) && path.startsWith(other))) {
                // inside another writable path (a build's home is in its work folder): walked with it
                continue;
            }
            for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
                if (!searchableByOthers(parent)) {
                    throw new TandemException(500, "sandbox_path",
                            "The sandbox user cannot reach " + path + ": make " + parent + " searchable by others (chmod o+x).");
                }
            }
            try {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        own(dir, uid);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        own(file, uid);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot hand " + path + " to the sandbox user", e);
            }
        }
    }

    private static void own(Path path, int uid) throws IOException {
        if ((int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static boolean searchableByOthers(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            return false;
        }
    }

    /** The sandbox's own {@code /etc/passwd} and {@code /etc/group}: the host's, plus the user {@code tandem}. */
    private boolean writeIdentityFiles() {
        int id = properties.sandboxUid();
        try {
            Files.createDirectories(identityDir);
            Files.writeString(identityDir.resolve("passwd"), withEntry(Path.of("/etc/passwd"), id,
                    USER + ":x:" + id + ":" + id + ":Tandem workspace:/tmp:/bin/bash"));
            Files.writeString(identityDir.resolve("group"), withEntry(Path.of("/etc/group"), id, USER + ":x:" + id + ":"));
            return true;
        } catch (IOException e) {
            log.error("Sandbox: cannot write its passwd and group files under {}", identityDir, e);
            return false;
        }
    }

    private static String withEntry(Path hostFile, int id, String entry) throws IOException {
        List<String> lines = Files.exists(hostFile) ? Files.readAllLines(hostFile) : List.of();
        String kept = lines.stream()
                .filter(line -> {
                    String[] fields = line.split(":", -1);
                    return fields.length < 3 || !(fields[0].equals(USER) || fields[2].equals(String.valueOf(id)));
                })
                .collect(Collectors.joining("\n"));
        return (kept.isEmpty() ? "" : kept + "\n") + entry + "\n";
    }

    /** Runs {@code true} through the same wrapper as real commands: bubblewrap may exist but be unusable (no user namespaces). */
    private boolean probe() {
        List<String> argv = new ArrayList<>(root ? dropPrivileges() : List.of());
        argv.addAll(List.of(properties.bwrap().toString(), "--unshare-user", "--unshare-pid", "--die-with-parent",
                "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--", "true"));
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            if (process.exitValue() != 0) {
                log.error("Sandbox: bubblewrap does not work here: {}", output.strip());
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            log.error("Sandbox: cannot run bubblewrap", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int currentUid() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
