package dev.tandem.build;

import dev.tandem.sandbox.SandboxedCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one sandboxed shell in which a build's steps run one after another (see {@link PhaseScript}):
 * the runner names a step script on the shell's stdin and waits for the step's end marker, which the
 * output pump cuts out of the log. Output before a marker is in the log before the step counts as
 * ended, so the runner's own lines after a step never overtake the step's output. Destroying the
 * process kills the whole tree (see {@code Sandbox}).
 */
final class ShellSession {

    /** Put into the queue when the shell process has exited: the running step, if any, ends with it. */
    private static final int EXITED = Integer.MIN_VALUE;

    /** Frees what the sandbox holds for the shell (its memory cgroup) once it has ended. */
    private final Runnable release;
    private final Process process;
    private final OutputStream stdin;
    private final Thread pump;
    private final BlockingQueue<Integer> ends = new LinkedBlockingQueue<>();
    private boolean exited;

    private ShellSession(Runnable release, Process process, BuildLogs.Writer log, String nonce, String threadName) {
        this.release = release;
        this.process = process;
        this.stdin = process.getOutputStream();
        MarkerScanner scanner = new MarkerScanner(PhaseScript.markerPrefix(nonce).getBytes(StandardCharsets.US_ASCII),
                log, ends::add);
        this.pump = new Thread(() -> scanner.pump(process.getInputStream()), threadName);
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> ends.add(EXITED));
    }

    /**
     * Starts the shell of {@code command} (the session script).
     *
     * @param release    frees what the sandbox holds for the command; run by {@link #close}, or here when
     *                   the process cannot start
     * @param nonce      the nonce the session script's end markers carry
     * @throws IOException when the process cannot start
     */
    static ShellSession start(SandboxedCommand command, Runnable release, BuildLogs.Writer log, String nonce,
            String threadName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(command.workDir().toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(command.env());
        try {
            return new ShellSession(release, builder.start(), log, nonce, threadName);
        } catch (IOException e) {
            release.run();
            throw e;
        }
    }

    Process process() {
        return process;
    }

    /** False once the shell has ended: the runner then starts a new session for the next step. */
    boolean alive() {
        return !exited;
    }

    /**
     * Runs one step script in the shell and waits for its end.
     *
     * @return the step's exit status; when the shell ended during the step (a command ran {@code exit},
     *         or the process was killed) the shell's exit status, and the session is no longer alive
     */
    int run(Path stepScript) throws InterruptedException {
        try {
            stdin.write((stepScript + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // the shell is gone; its exit is (or will be) in the queue
        }
        int status = ends.take();
        if (status != EXITED) {
            return status;
        }
        exited = true;
        int exit = process.waitFor();
        // what the step left in the background ends with the shell; then the pipe closes
        killTree();
        pump.join(TimeUnit.SECONDS.toMillis(5));
        return exit;
    }

    /**
     * Ends the session: closes stdin so the shell saves its state and exits, then kills whatever is
     * left in the background and frees the sandbox. Safe to call more than once.
     */
    void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            // the shell exits as soon as it has saved its state; one that does not (a command replaced
            // it with another program) is killed, and its state is lost
            process.waitFor(10, TimeUnit.SECONDS);
        } finally {
            exited = true;
            killTree();
        }
        try {
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } finally {
            release.run();
        }
    }

    /** Kills the shell and everything it started (the sandbox's PID namespace dies with it). */
    void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Copies a process's output to the log, cutting out the end markers ({@code prefix}, a status,
     * {@code \n}) and handing their statuses on. The prefix's first byte occurs nowhere else in it,
     * so a failed partial match never hides the start of a real one.
     */
    static final class MarkerScanner {

        private final byte[] prefix;
        private final BuildLogs.Writer log;
        private final java.util.function.IntConsumer onMarker;
        /** How many bytes of the prefix are matched (held back from the log meanwhile). */
        private int matched;
        /** Inside a marker's status, after the prefix. */
        private boolean inStatus;
        private int status;
        private int digits;

        MarkerScanner(byte[] prefix, BuildLogs.Writer log, java.util.function.IntConsumer onMarker) {
            this.prefix = prefix;
            this.log = log;
            this.onMarker = onMarker;
        }

        void pump(InputStream in) {
            byte[] buffer = new byte[64 * 1024];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    feed(buffer, 0, n);
                }
            } catch (IOException e) {
                // the process is gone; what it wrote is in the log
            }
            if (matched > 0) {
                log.append(prefix, 0, matched);
                matched = 0;
            }
        }

        /** Scans {@code data[from, to)}: plain output goes to the log in runs, markers to {@code onMarker}. */
        void feed(byte[] data, int from, int to) {
            int runStart = from;
            for (int i = from; i < to; i++) {
                byte b = data[i];
                if (inStatus) {
                    if (b == '\n') {
                        inStatus = false;
                        onMarker.accept(status);
                        runStart = i + 1;
                    } else if (b >= '0' && b <= '9' && digits < 9) {
                        status = status * 10 + (b - '0');
                        digits++;
                    }
                    continue;
                }
                if (matched > 0) {
                    if (b == prefix[matched]) {
                        if (++matched == prefix.length) {
                            matched = 0;
                            inStatus = true;
                            status = 0;
                            digits = 0;
                        }
                        continue;
                    }
                    // not a marker after all: the held-back bytes were output
                    int held = matched;
                    matched = 0;
                    log.append(prefix, 0, held);
                    runStart = i;
                }
                if (b == prefix[0]) {
                    if (i > runStart) {
                        log.append(data, runStart, i - runStart);
                    }
                    matched = 1;
                    runStart = i + 1;
                }
            }
            if (!inStatus && matched == 0 && to > runStart) {
                log.append(data, runStart, to - runStart);
            }
        }
    }
}
