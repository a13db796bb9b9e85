package dev.tandem.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

/** The real bubblewrap sandbox, driven with real commands. CI installs bubblewrap, so these must run there. */
class SandboxTest {

    private Path dataDir;
    private Path workspace;
    private Path home;
    private Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        // Searchable by others: when the tests run as root, the sandbox user must reach these directories.
        dataDir = Files.createTempDirectory("tandem-sandbox-test", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        workspace = Files.createDirectories(dataDir.resolve("workspaces/1"));
        home = Files.createDirectories(dataDir.resolve("homes/1"));
        Files.writeString(dataDir.resolve("secret.txt"), "do not read");
        sandbox = new Sandbox(new SandboxProperties(null, false, null, null, null, null),
                new TandemProperties(dataDir, null, DataSize.ofMegabytes(1)));
        // Without bubblewrap these are skipped on a developer machine, but CI (which installs it) must run them.
        assumeTrue(sandbox.isolated() || System.getenv("CI") != null, "bubblewrap is not usable here");
        assertThat(sandbox.isolated()).as("bubblewrap is installed and works").isTrue();
    }

    @AfterEach
    void tearDown() throws IOException {
        FileSystemUtils.deleteRecursively(dataDir);
    }

    @Test
    void writesInsideTheWorkspaceAndHomeButNowhereElse() throws Exception {
        Result result = run(true, """
                echo ok > inside.txt && echo wrote-inside
                echo ok > "$HOME/.profile-test" && echo wrote-home
                echo bad > /etc/tandem-escape 2>/dev/null || echo etc-refused
                echo bad > "%1$s/escape.txt" 2>/dev/null || echo data-refused
                mkdir "%1$s/workspaces/2" 2>/dev/null || echo other-workspace-refused
                cat "%1$s/secret.txt" 2>/dev/null || echo secret-hidden
                """.formatted(dataDir));
        assertThat(result.output()).contains("wrote-inside", "wrote-home", "etc-refused", "data-refused",
                "other-workspace-refused", "secret-hidden");
        assertThat(workspace.resolve("inside.txt")).hasContent("ok");
        assertThat(home.resolve(".profile-test")).exists();
        assertThat(Path.of("/etc/tandem-escape")).doesNotExist();
        assertThat(dataDir.resolve("escape.txt")).doesNotExist();
        assertThat(dataDir.resolve("workspaces/2")).doesNotExist();
    }

    @Test
    void hostProcessesAreInvisible() throws Exception {
        Result result = run(true, "for p in /proc/[0-9]*; do echo \"pid ${p#/proc/} $(tr '\\0' ' ' < $p/cmdline)\"; done");
        List<String> pids = result.output().lines().filter(l -> l.startsWith("pid ")).toList();
        assertThat(pids).isNotEmpty().hasSizeLessThan(8);
        assertThat(pids).noneMatch(line -> line.contains("java"));
        assertThat(pids.get(0)).startsWith("pid 1 ").contains("bwrap");
    }

    @Test
    void runsAsAnUnprivilegedUserInsideAndOutside() throws Exception {
        SandboxSpec spec = spec(true, "id -u; id -un; sleep 30");
        Process process = sandbox.start(spec);
        try {
            String first = readLines(process, 2);
            assertThat(first.lines().toList()).containsExactly("1000", "tandem");
            // Seen from the host: bwrap and every process under it run with a real uid other than root.
            waitFor(() -> process.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));
            assertThat(Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList())
                    .allSatisfy(p -> assertThat(realUid(p.pid())).as("uid of %s", p.info().command()).isNotEqualTo(0));
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void networkCanBeTurnedOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            String connect = "(echo hi > /dev/tcp/127.0.0.1/%d) 2>/dev/null && echo connected || echo no-network"
                    .formatted(server.getLocalPort());
            Thread acceptor = new Thread(() -> acceptAll(server));
            acceptor.setDaemon(true);
            acceptor.start();
            assertThat(run(true, connect).output()).contains("connected");
            assertThat(run(false, connect).output()).contains("no-network");
            acceptor.interrupt();
        }
    }

    @Test
    void killingTheProcessKillsTheWholeTree() throws Exception {
        String marker = "9" + System.nanoTime() % 1_000_000;
        Process process = sandbox.start(spec(true, "sleep " + marker + " & (sleep " + marker + " &) ; sleep " + marker + "; wait"));
        waitFor(() -> sleepers(marker) == 3);
        process.destroyForcibly();
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> sleepers(marker) == 0);
        assertThat(sleepers(marker)).isZero();
    }

    @Test
    void limitsProcesses() throws Exception {
        SandboxSpec spec = new SandboxSpec(workspace, List.of(workspace), home, Map.of(),
                List.of("bash", "-c", "for i in $(seq 40); do sleep 5 & done 2>&1 | head -1; echo done"),
                true, 0, 20);
        Process process = sandbox.start(spec);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(20, TimeUnit.SECONDS);
        assertThat(output).containsIgnoringCase("resource temporarily unavailable");
    }

    /** Each process: one allocation past the limit is refused (RLIMIT_DATA), with or without cgroups. */
    @Test
    void refusesAnAllocationPastTheMemoryLimit() throws Exception {
        SandboxSpec spec = new SandboxSpec(workspace, List.of(workspace), home, Map.of(), List.of("python3", "-c", """
                try:
                    block = b"x" * (300 << 20)
                    print("allocated")
                except MemoryError:
                    print("refused")
                """), true, 100L << 20, 64);
        assertThat(output(sandbox.start(spec))).contains("refused").doesNotContain("allocated");
        assertThat(run(true, "echo still-fine").output()).contains("still-fine");
    }

    /**
     * The whole sandbox: four processes of 40 MB each stay within the per-process limit of 100 MB but
     * not together; the kernel kills inside the sandbox's memory cgroup, and nothing outside it.
     */
    @Test
    void killsInsideTheSandboxWhenItsProcessesTogetherPassTheLimit() throws Exception {
        assumeTrue(sandbox.memoryCgroups() || System.getenv("CI") != null, "no memory cgroups here");
        assertThat(sandbox.memoryCgroups()).as("memory cgroups can be created (CI runs as root)").isTrue();
        String script = """
                for i in 1 2 3 4; do
                  python3 -c 'import time; block = b"x" * (40 << 20); time.sleep(4)' &
                done
                for job in $(jobs -p); do wait $job; echo "exit=$?"; done
                """;
        SandboxSpec spec = new SandboxSpec(workspace, List.of(workspace), home, Map.of(),
                List.of("bash", "-c", script), true, 100L << 20, 64);
        String output = output(sandbox.start(spec));
        // 137: killed by SIGKILL (the OOM killer); at least one of them, not all of them
        assertThat(output).contains("exit=137").contains("exit=0");
        assertThat(run(true, "echo still-fine").output()).contains("still-fine");
        // and with the limit raised, the same four run to the end
        SandboxSpec roomy = new SandboxSpec(workspace, List.of(workspace), home, Map.of(),
                List.of("bash", "-c", script), true, 400L << 20, 64);
        assertThat(output(sandbox.start(roomy))).doesNotContain("exit=137");
    }

    private static String output(Process process) throws Exception {
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void leavesTheServersSessionOnlyWhenTheServerHasATerminal() throws Exception {
        // Inside the PID namespace, a session led by a process outside it shows as 0; bubblewrap's own
        // session (--new-session) is led by its pid 1.
        boolean terminal = Sandbox.controllingTerminal(Path.of("/proc/self/stat")) != 0;
        // The autogroup file is empty when the process's CPU group is a cgroup (as in a container), so its
        // content is printed after a marker rather than as a line of its own.
        Result result = run(true, "cut -d' ' -f6 /proc/self/stat; echo \"autogroup=$(cat /proc/self/autogroup 2>/dev/null)\"");
        List<String> lines = result.output().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(terminal ? "1" : "0");
        Path autogroup = Path.of("/proc/self/autogroup");
        if (!terminal && Files.exists(autogroup)) {
            // the kernel's autogroup scheduling: the command shares the server's CPU group
            assertThat(lines.get(1)).isEqualTo("autogroup=" + Files.readString(autogroup).strip());
        }
    }

    @Test
    void readsTheControllingTerminalFromProcStat() throws IOException {
        Path stat = dataDir.resolve("stat");
        Files.writeString(stat, "4242 (java (a) b) S 1 4242 4242 34816 4242 4194560 0 0\n");
        assertThat(Sandbox.controllingTerminal(stat)).isEqualTo(34816);
        Files.writeString(stat, "4242 (java) S 1 4242 4242 0 -1 4194560 0 0\n");
        assertThat(Sandbox.controllingTerminal(stat)).isZero();
        assertThat(Sandbox.controllingTerminal(dataDir.resolve("missing"))).as("unknown: detach").isEqualTo(-1);
    }

    @Test
    void refusesWithoutBubblewrapUnlessAllowed() throws IOException {
        TandemProperties tandem = new TandemProperties(dataDir, null, DataSize.ofMegabytes(1));
        Sandbox missing = new Sandbox(new SandboxProperties(Path.of("/nonexistent/bwrap"), false, null, null, null, null), tandem);
        assertThat(missing.isolated()).isFalse();
        assertThatThrownBy(() -> missing.prepare(spec(true, "true")))
                .isInstanceOf(TandemException.class)
                .hasMessageContaining("bubblewrap");
        Sandbox plain = new Sandbox(new SandboxProperties(Path.of("/nonexistent/bwrap"), true, null, null, null, null), tandem);
        assertThat(plain.isolated()).isFalse();
        assertThat(plain.prepare(spec(true, "true")).argv()).doesNotContain("/nonexistent/bwrap").endsWith("true");
    }

    private SandboxSpec spec(boolean network, String script) {
        return new SandboxSpec(workspace, List.of(workspace), home, Map.of(), List.of("bash", "-c", script),
                network, 2L << 30, 256);
    }

    private Result run(boolean network, String script) throws Exception {
        Process process = sandbox.start(spec(network, script));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output + errors);
    }

    private record Result(int exit, String output) {
    }

    private static String readLines(Process process, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (lines < count) {
            int c = process.getInputStream().read();
            if (c < 0) {
                break;
            }
            text.append((char) c);
            lines += c == '\n' ? 1 : 0;
        }
        return text.toString();
    }

    private static long sleepers(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                .count();
    }

    private static int realUid(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> Integer.parseInt(l.split("\\s+")[1]))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void acceptAll(ServerSocket server) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                server.accept().close();
            }
        } catch (IOException e) {
            // the test closed the socket
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
