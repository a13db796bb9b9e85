package dev.tandem.terminal;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.tandem.TandemApplication;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The terminal benchmark of issue 5 (a command, not a test): keystroke echo latency through the
 * websocket, throughput of {@code cat} of a 200 MB file to a websocket client as a ratio to the same
 * {@code cat} into a bare local pty in the same run, and memory per idle terminal. It starts the real
 * server in this JVM (real sandbox, real shells) and drives it with the JDK's websocket client.
 * See docs/BENCHMARKS.md for how to run it.
 */
public final class TerminalBenchmark {

    private static final int FILE_MB = 200;
    private static final int ECHO_WARMUP = 300;
    private static final int ECHO_SAMPLES = 3000;
    private static final int RUNS = 3;
    private static final int IDLE_TERMINALS = 20;

    private TerminalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("tandem-terminal-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        // As arguments, so they win over application.properties.
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TandemApplication.class)
                .run("--tandem.home=" + home, "--server.port=0", "--tandem.admin-password=bench-pass-1",
                        "--vaadin.productionMode=true", "--tandem.terminal.max-per-workspace=" + (IDLE_TERMINALS + 5),
                        "--logging.level.root=warn");
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            app.getBean(UserService.class).create("bench", "bench-pass-1", false);
            long ws = app.getBean(WorkspaceService.class).create("bench", "bench", null).id();
            Path root = app.getBean(WorkspaceFiles.class).resolve("bench", ws, "");
            String token = app.getBean(TokenService.class).create("bench", "bench").token();
            String url = "ws://localhost:" + port + "/terminal/" + ws + "/new";

            System.out.println("Terminal benchmark, " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
            echoLatency(url, token, root);
            Path file = bigFile(root);
            throughput(url, token, root, file);
            idleMemory(app.getBean(TerminalService.class), ws);
        } finally {
            app.close();
        }
    }

    private static void echoLatency(String url, String token, Path root) throws Exception {
        // Kernel echo in the shell's pty (cat in cooked mode), so the websocket path is what is measured.
        Probe probe = Probe.connect(url, token);
        probe.awaitBytes(1, 10_000);
        probe.send("exec cat > /dev/null\r".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(1000);
        probe.drain();
        long[] ws = new long[ECHO_SAMPLES];
        for (int i = 0; i < ECHO_WARMUP + ECHO_SAMPLES; i++) {
            if (i % 200 == 199) {
                probe.send(new byte[] {'\r'});
                probe.awaitBytes(2, 10_000);
            }
            long start = System.nanoTime();
            probe.send(new byte[] {'x'});
            probe.awaitBytes(1, 10_000);
            if (i >= ECHO_WARMUP) {
                ws[i - ECHO_WARMUP] = System.nanoTime() - start;
            }
        }
        probe.close();

        PtyProcess bare = new PtyProcessBuilder(new String[] {"sh", "-c", "exec cat > /dev/null"}).setDirectory(root.toString())
                .setEnvironment(Map.of("TERM", "xterm-256color", "PATH", "/usr/bin:/bin")).start();
        OutputStream keys = bare.getOutputStream();
        InputStream echo = bare.getInputStream();
        long[] local = new long[ECHO_SAMPLES];
        for (int i = 0; i < ECHO_WARMUP + ECHO_SAMPLES; i++) {
            if (i % 200 == 199) {
                keys.write('\r');
                keys.flush();
                echo.readNBytes(2);
            }
            long start = System.nanoTime();
            keys.write('x');
            keys.flush();
            echo.read();
            if (i >= ECHO_WARMUP) {
                local[i - ECHO_WARMUP] = System.nanoTime() - start;
            }
        }
        bare.destroyForcibly();
        System.out.printf("echo latency via websocket: p50 %.3f ms, p99 %.3f ms (n=%d)%n",
                percentile(ws, 50), percentile(ws, 99), ECHO_SAMPLES);
        System.out.printf("echo latency bare pty (Pty4J, same JVM): p50 %.3f ms, p99 %.3f ms%n",
                percentile(local, 50), percentile(local, 99));
    }

    private static Path bigFile(Path root) throws Exception {
        Path file = root.resolve("big.txt");
        byte[] line = ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (long written = 0; written < FILE_MB * 1_000_000L; written += line.length) {
                out.write(line);
            }
        }
        return file;
    }

    private static void throughput(String url, String token, Path root, Path file) throws Exception {
        List<Double> wsRates = new ArrayList<>();
        List<Double> bareRates = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Probe probe = Probe.connect(url, token);
            probe.awaitBytes(1, 10_000);
            Thread.sleep(500);
            probe.drain();
            probe.watchFor("END-" + run + "-0MARK");
            long start = System.nanoTime();
            probe.send(("cat " + file.getFileName() + "; echo END-" + run + "-$((0))MARK\r").getBytes(StandardCharsets.UTF_8));
            probe.awaitMarker(300_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            wsRates.add(probe.received() / 1e6 / seconds);
            probe.close();

            PtyProcess bare = new PtyProcessBuilder(new String[] {"cat", file.toString()}).setDirectory(root.toString())
                    .setEnvironment(Map.of("TERM", "xterm-256color", "PATH", "/usr/bin:/bin")).start();
            long bareStart = System.nanoTime();
            long bytes = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream out = bare.getInputStream()) {
                int n;
                while ((n = out.read(buffer)) > 0) {
                    bytes += n;
                }
            } catch (java.io.IOException e) {
                // EIO at the end of the output: done
            }
            bareRates.add(bytes / 1e6 / ((System.nanoTime() - bareStart) / 1e9));
            bare.waitFor(10, TimeUnit.SECONDS);
        }
        double wsMedian = median(wsRates);
        double bareMedian = median(bareRates);
        System.out.printf("cat %d MB via websocket: %s MB/s, median %.1f MB/s%n", FILE_MB, format(wsRates), wsMedian);
        System.out.printf("cat %d MB into a bare pty: %s MB/s, median %.1f MB/s%n", FILE_MB, format(bareRates), bareMedian);
        System.out.printf("throughput ratio websocket/bare: %.2f%n", wsMedian / bareMedian);
    }

    private static void idleMemory(TerminalService terminals, long ws) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(memory);
        long processesBefore = descendantRss();
        List<TerminalInfo> opened = new ArrayList<>();
        for (int i = 0; i < IDLE_TERMINALS; i++) {
            opened.add(terminals.open("bench", ws, null, 120, 40));
        }
        Thread.sleep(3000);
        long heapAfter = settledHeap(memory);
        long processesAfter = descendantRss();
        System.out.printf("idle terminal (n=%d): %.1f KB Java heap, %.1f MB resident in its processes (bwrap + bash)%n",
                IDLE_TERMINALS, (heapAfter - heapBefore) / 1024.0 / IDLE_TERMINALS,
                (processesAfter - processesBefore) / 1024.0 / 1024.0 / IDLE_TERMINALS);
        for (TerminalInfo info : opened) {
            terminals.close("bench", ws, info.id());
        }
    }

    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Resident memory of this JVM's child processes (the terminals' bubblewrap and shells), in bytes. */
    private static long descendantRss() {
        return ProcessHandle.current().descendants().mapToLong(p -> {
            try {
                return Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                        .sum();
            } catch (Exception e) {
                return 0;
            }
        }).sum();
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(List<Double> rates) {
        return rates.stream().map(r -> String.format("%.1f", r)).toList().toString();
    }

    /** A websocket client that counts output bytes and can watch for a marker without keeping the output. */
    private static final class Probe implements WebSocket.Listener {

        private final Semaphore bytes = new Semaphore(0);
        private final Semaphore marker = new Semaphore(0);
        private volatile byte[] wanted;
        private byte[] tail = new byte[0];
        private long received;
        private WebSocket socket;

        static Probe connect(String url, String token) {
            Probe probe = new Probe();
            probe.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(url), probe).join();
            return probe;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            int n = data.remaining();
            synchronized (this) {
                received += n;
            }
            byte[] want = wanted;
            if (want != null) {
                byte[] window = new byte[tail.length + n];
                System.arraycopy(tail, 0, window, 0, tail.length);
                data.get(window, tail.length, n);
                if (indexOf(window, want) >= 0) {
                    wanted = null;
                    marker.release();
                }
                tail = Arrays.copyOfRange(window, Math.max(0, window.length - want.length), window.length);
            }
            bytes.release(n);
            return null;
        }

        void send(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).join();
        }

        void awaitBytes(int count, long timeoutMillis) throws InterruptedException {
            if (!bytes.tryAcquire(count, timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no output from the terminal");
            }
        }

        void drain() {
            bytes.drainPermits();
            synchronized (this) {
                received = 0;
            }
        }

        void watchFor(String text) {
            tail = new byte[0];
            wanted = text.getBytes(StandardCharsets.US_ASCII);
        }

        void awaitMarker(long timeoutMillis) throws InterruptedException {
            if (!marker.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the output did not end");
            }
        }

        synchronized long received() {
            return received;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            socket.abort();
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
