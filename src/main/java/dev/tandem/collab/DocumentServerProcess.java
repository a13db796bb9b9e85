package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts and supervises the {@link DocumentServer} process, and makes the IDE server's calls to it.
 * It is started on first need (a collaboration socket, a {@link LiveDocuments} call, a file event)
 * or when someone opens the IDE ({@link #startSoon}); it stops with the IDE server. It starts with
 * this server when the last one did not stop cleanly (its log is still there: files may lack their
 * last edits, which it writes out) or when {@link DirectListen} is set (clients may reach it without
 * this server), and again a second after it dies, for the same two reasons. Its output is relayed
 * into this server's log.
 */
@Component
public class DocumentServerProcess {

    private static final Logger log = LoggerFactory.getLogger(DocumentServerProcess.class);
    private static final Logger relay = LoggerFactory.getLogger("dev.tandem.collab.documents");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    /** One started document server: its process and, once it said so, its port. */
    private record Running(Process process, CompletableFuture<Integer> port) {
    }

    private final CollabProperties properties;
    private final Path home;
    private final List<String> jvmOptions;
    private final Optional<DirectListen> directListen;
    private final String secret = newSecret();
    /** Made on the first call: an HttpClient starts a thread of its own, which an IDE server nobody collaborates on never needs. */
    private HttpClient http;
    private volatile int idePort;
    private volatile Running running;
    private volatile boolean stopping;

    public DocumentServerProcess(CollabProperties properties, TandemProperties tandem,
                                 @Value("${tandem.collab.server-jvm-options:}") String jvmOptions,
                                 @Value("${" + DirectListen.PROPERTY + ":}") String directListen) {
        this.properties = properties;
        this.home = tandem.home();
        this.jvmOptions = jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.strip().split("\\s+"));
        this.directListen = DirectListen.parse(directListen);
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        idePort = event.getWebServer().getPort();
        if (directListen.isPresent() || logLeftOver()) {
            startSoon();
        }
    }

    /** Whether the shared log of the last document server is still there: it did not stop cleanly. */
    private boolean logLeftOver() {
        try (Stream<Path> files = Files.list(home.resolve("collab").resolve("wal"))) {
            return files.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the document server in the background if it is not running, so that the first file opens without waiting. */
    public void startSoon() {
        if (running == null || !running.process().isAlive()) {
            CompletableFuture.runAsync(() -> {
                try {
                    port();
                } catch (RuntimeException e) {
                    log.warn("Starting the document server failed", e);
                }
            });
        }
    }

    /** The port of the running document server once it told it, else -1 (not started, starting, or dead). */
    int readyPort() {
        Running current = running;
        if (current == null || !current.process().isAlive() || !current.port().isDone() || current.port().isCompletedExceptionally()) {
            return -1;
        }
        return current.port().join();
    }

    /**
     * Whether the document server may hold rooms or histories of {@code workspaceId}: it is running,
     * or histories of the workspace are stored. When not, it has nothing to tell about the workspace's
     * files and need not be started for them.
     */
    boolean mayHold(long workspaceId) {
        Running current = running;
        return (current != null && current.process().isAlive())
                || Files.isDirectory(home.resolve("collab").resolve(Long.toString(workspaceId)));
    }

    /** The running document server's port, starting it first if needed (blocks meanwhile). */
    int port() {
        Running current = ensureRunning();
        try {
            return current.port().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            current.process().destroyForcibly();
            throw new TandemException(503, "unavailable", "The document server did not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TandemException(503, "unavailable", "Interrupted while starting the document server");
        }
    }

    private synchronized Running ensureRunning() {
        if (stopping) {
            throw new TandemException(503, "unavailable", "The server is shutting down");
        }
        if (running == null || !running.process().isAlive()) {
            running = start();
        }
        return running;
    }

    private Running start() {
        if (idePort <= 0) {
            throw new TandemException(503, "unavailable", "The server is still starting");
        }
        List<String> command = command();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(DocumentServer.ENV_SECRET, secret);
        builder.environment().put(DocumentServer.ENV_IDE, "http://127.0.0.1:" + idePort);
        // glibc gives each thread that allocates its own arena by default: for a small JVM that is most of its native memory.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        try {
            Process process = builder.start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread output = new Thread(() -> relay(process, port), "documents-output");
            output.setDaemon(true);
            output.start();
            process.onExit().thenRun(() -> {
                boolean wasReady = port.isDone() && !port.isCompletedExceptionally();
                port.completeExceptionally(new IOException("exited with " + process.exitValue()));
                if (stopping) {
                    return;
                }
                if (wasReady) {
                    // The next one writes out the files whose last edits only the log holds, and clients of
                    // the direct listener have no other way to start it. One that never got ready (its
                    // address taken, say) would fail the same way again: it waits for a use.
                    log.warn("The document server exited with {}; starting it again", process.exitValue());
                    CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
                        if (!stopping) {
                            startSoon();
                        }
                    });
                } else {
                    log.warn("The document server exited with {} before it was ready; it starts again on the next use",
                            process.exitValue());
                }
            });
            log.info("Document server started (pid {})", process.pid());
            return new Running(process, port);
        } catch (IOException e) {
            throw new TandemException(503, "unavailable", "The document server could not be started: " + e.getMessage());
        }
    }

    private List<String> command() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        // Undertow and XNIO log through JBoss Logging: to the JDK's logging, one line each (nothing to load).
        command.add("-Dorg.jboss.logging.provider=jdk");
        command.add("-Djava.util.logging.SimpleFormatter.format=%4$s %3$s - %5$s%6$s%n");
        command.add("-Dtandem.home=" + home);
        command.addAll(properties.toSystemProperties());
        directListen.ifPresent(direct -> command.add(direct.option()));
        command.add("-cp");
        if (isSpringBootJar(classPath)) {
            // Started as `java -jar` on the packaged (nested) jar: its launcher finds the classes inside.
            command.add(classPath);
            command.add("-Dloader.main=" + DocumentServer.class.getName());
            command.add(SPRING_BOOT_LAUNCHER);
        } else {
            command.add(DocumentServerClassPath.of(classPath).orElse(classPath));
            command.add(DocumentServer.class.getName());
        }
        return command;
    }

    private static boolean isSpringBootJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static void relay(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!port.isDone() && line.startsWith(DocumentServer.READY)) {
                    port.complete(Integer.parseInt(line.substring(DocumentServer.READY.length()).strip()));
                } else {
                    relay.info("{}", line);
                }
            }
        } catch (IOException | NumberFormatException e) {
            port.completeExceptionally(e);
        }
    }

    /** Whether {@code given} is the secret this server gave its document server. */
    boolean isOwnSecret(String given) {
        return given != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Makes one {@link InternalCalls} call, starting the document server if needed.
     *
     * @throws TandemException with the document server's status, code and message when it refused
     */
    byte[] call(String path, byte[] body) {
        int port = port();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(CALL_TIMEOUT)
                .header(InternalCalls.SECRET_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TandemException(503, "unavailable", "The document server could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TandemException(503, "unavailable", "Interrupted while waiting for the document server");
        }
        if (response.statusCode() == 200) {
            return response.body();
        }
        String[] error = new String(response.body(), StandardCharsets.UTF_8).split("\n", 2);
        throw new TandemException(response.statusCode(), error[0], error.length > 1 ? error[1] : "The document server refused the call");
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }

    /** Closes the document server's input: it writes everything out and exits. */
    @PreDestroy
    void stop() {
        stopping = true;
        Running current = running;
        if (current == null) {
            return;
        }
        try {
            current.process().getOutputStream().close();
            if (!current.process().waitFor(20, TimeUnit.SECONDS)) {
                log.warn("The document server did not stop in time; killing it");
                current.process().destroyForcibly();
            }
        } catch (IOException e) {
            current.process().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.process().destroyForcibly();
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
