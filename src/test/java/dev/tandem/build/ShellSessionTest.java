package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.config.TandemProperties;
import dev.tandem.sandbox.SandboxedCommand;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/**
 * The build's shell session with real shells (bash and dash), outside the sandbox: steps share one
 * shell, markers never reach the log, and a shell that ends hands its state to the next session.
 * BuildApiTest covers the same through the sandbox and the REST API.
 */
class ShellSessionTest {

    private static final String NONCE = "0123456789abcdef";

    @TempDir
    Path dir;

    private BuildLogs logs;

    private BuildLogs.Writer open(long id) {
        TandemProperties tandem = new TandemProperties(dir.resolve("home"), null, null);
        logs = new BuildLogs(new BuildDirectories(tandem),
                new BuildProperties(0, null, null, 0, null, DataSize.ofMegabytes(10), null, null, 0));
        return logs.open(id);
    }

    private String log(long id) {
        return logs.read(id, 0, 1 << 20).text();
    }

    private ShellSession session(String shell, BuildLogs.Writer log, AtomicInteger released) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.createDirectories(src.resolve("sub"));
        Path script = state.resolve("session.sh");
        Files.writeString(script, PhaseScript.session(NONCE, List.of("RESULT")));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("TANDEM_STATE", state.toString());
        env.put("CODEBUILD_SRC_DIR", src.toString());
        SandboxedCommand command = new SandboxedCommand(List.of(shell, script.toString()), env, src, null);
        return ShellSession.start(command, released::incrementAndGet, log, NONCE, "test-output");
    }

    private Path step(String name, boolean succeeding, String... commands) throws Exception {
        Path file = dir.resolve("state").resolve(name + ".sh");
        Files.writeString(file, PhaseScript.step(List.of(commands), succeeding));
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/bash", "/bin/sh"})
    void stepsShareOneShellAndStopAtTheFirstFailingCommand(String shell) throws Exception {
        AtomicInteger released = new AtomicInteger();
        try (BuildLogs.Writer log = open(1)) {
            ShellSession session = session(shell, log, released);
            assertThat(session.run(step("install", true,
                    "echo pid-install-$$", "export CARRIED=from-install", "PLAIN=not-exported", "cd sub"))).isZero();
            assertThat(session.run(step("pre_build", true,
                    "echo \"pid-pre-$$ $CARRIED $PLAIN $(basename $PWD) succeeding=$CODEBUILD_BUILD_SUCCEEDING\"",
                    "false", "echo never-after-failure"))).isEqualTo(1);
            assertThat(session.alive()).isTrue();
            assertThat(session.run(step("pre_build-finally", false,
                    "printf 'no newline at the end'", "export RESULT=done-$CARRIED"))).isZero();
            assertThat(session.run(step("build", false,
                    "echo \"succeeding=$CODEBUILD_BUILD_SUCCEEDING\"", "sh -c 'exit 7'"))).isEqualTo(7);
            session.close();
            assertThat(session.alive()).isFalse();
        }
        String text = log(1);
        String pid = text.substring(text.indexOf("\npid-install-") + 13).split("\n")[0];
        assertThat(text).contains("pid-pre-" + pid + " from-install not-exported sub succeeding=1")
                .contains("[tandem] Command did not exit successfully false exit status 1")
                .doesNotContain("never-after-failure")
                // the marker is cut out even right after output without a newline
                .contains("no newline at the end[tandem] Running command export RESULT=done-$CARRIED\n")
                .contains("succeeding=0")
                .contains("exit status 7")
                .doesNotContain("tandem-step-end").doesNotContain("\u0001");
        assertThat(Files.readString(dir.resolve("state/exported"))).isEqualTo("RESULT=done-from-install\0");
        assertThat(released).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/bash", "/bin/sh"})
    void aShellThatExitsHandsItsStateToTheNextSession(String shell) throws Exception {
        AtomicInteger released = new AtomicInteger();
        try (BuildLogs.Writer log = open(2)) {
            ShellSession first = session(shell, log, released);
            assertThat(first.run(step("install", true, "export KEPT=yes", "cd sub", "exit 3", "echo never"))).isEqualTo(3);
            assertThat(first.alive()).isFalse();
            first.close();
            ShellSession second = session(shell, log, released);
            assertThat(second.run(step("build", false, "echo \"kept=$KEPT in $(basename $PWD)\""))).isZero();
            // set -e ends the shell at the failure, as it would in a terminal
            assertThat(second.run(step("post_build", false, "set -e", "false", "echo never"))).isEqualTo(1);
            assertThat(second.alive()).isFalse();
            second.close();
        }
        assertThat(log(2)).contains("kept=yes in sub").doesNotContain("never\n");
        assertThat(released).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/bash", "/bin/sh"})
    void aStepThatRedirectsTheShellsOutputOrInputDoesNotLoseTheEndOfLaterSteps(String shell) throws Exception {
        try (BuildLogs.Writer log = open(5)) {
            ShellSession session = session(shell, log, new AtomicInteger());
            assertThat(session.run(step("install", true, "exec > " + dir.resolve("out.txt"), "exec < /dev/null",
                    "echo to-the-file"))).isZero();
            assertThat(session.run(step("build", true, "echo also-to-the-file", "false"))).isEqualTo(1);
            assertThat(session.alive()).isTrue();
            session.close();
        }
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("to-the-file\n", "also-to-the-file\n");
    }

    @Test
    void killingTheShellEndsTheRunningStep() throws Exception {
        try (BuildLogs.Writer log = open(3)) {
            ShellSession session = session("/bin/bash", log, new AtomicInteger());
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                session.killTree();
            });
            killer.start();
            long start = System.nanoTime();
            int exit = session.run(step("build", true, "echo started", "sleep 30"));
            assertThat(exit).isNotZero();
            assertThat(session.alive()).isFalse();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
            session.close();
        }
        assertThat(log(3)).contains("started");
    }

    @Test
    void theScannerFindsMarkersSplitAcrossReadsAndKeepsLookalikes() {
        try (BuildLogs.Writer log = open(4)) {
            List<Integer> statuses = new ArrayList<>();
            byte[] prefix = PhaseScript.markerPrefix(NONCE).getBytes(StandardCharsets.US_ASCII);
            ShellSession.MarkerScanner scanner = new ShellSession.MarkerScanner(prefix, log, statuses::add);
            String stream = "a\u0001b\u0001tandem-step-end:wrong:1\n" + PhaseScript.markerPrefix(NONCE) + "0\nline\n"
                    + "tail\u0001tandem" + PhaseScript.markerPrefix(NONCE) + "127\nend";
            byte[] bytes = stream.getBytes(StandardCharsets.US_ASCII);
            // one byte per read: every split point
            for (int i = 0; i < bytes.length; i++) {
                scanner.feed(bytes, i, i + 1);
            }
            scanner.pump(new ByteArrayInputStream(new byte[0]));
            assertThat(statuses).containsExactly(0, 127);
        }
        assertThat(log(4)).isEqualTo("a\u0001b\u0001tandem-step-end:wrong:1\nline\ntail\u0001tandemend");
    }
}
