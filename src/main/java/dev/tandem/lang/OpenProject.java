package dev.tandem.lang;

import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.JavaProject;
import dev.tandem.lang.jdt.JdkLibrary;
import dev.tandem.lang.jdt.JdtResolver;
import dev.tandem.lang.jdt.ProjectLayout;
import dev.tandem.lang.jdt.WorkspaceCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The language services' state for one workspace while anyone uses it: the Java project, one worker
 * thread for interactive requests (so a workspace never takes more than one core for them, and its
 * requests run in order), one background thread for dependency resolution and whole-workspace
 * checks, and the workspace's problems, pushed to listeners when they change.
 */
public final class OpenProject {

    private static final Logger log = LoggerFactory.getLogger(OpenProject.class);

    /** Told about new problems of some files (workspace-relative path → diagnostics; empty list = none left). */
    public interface ProblemsListener {
        void problemsChanged(Map<String, List<Diagnostic>> changed);
    }

    private final long workspaceId;
    private final Path root;
    private final JavaProject java;
    private final LangProperties properties;
    private final MavenDependencies maven;
    private final ExecutorService workerThread;
    /** Tasks given to the worker and not yet finished (queued or running). */
    private final AtomicInteger workerTasks = new AtomicInteger();
    private final Executor worker = this::runOnWorker;
    /** The running worker task's "no longer counted" flag (see {@link #resultSent}). */
    private final ThreadLocal<AtomicBoolean> currentTask = new ThreadLocal<>();
    private final ExecutorService background;
    private final ScheduledFuture<?> watch;
    private final ScheduledExecutorService timer;
    private final Map<String, List<Diagnostic>> problems = new ConcurrentHashMap<>();
    /** Problems of the last whole-workspace check alone (not replaced by those of edited documents). */
    private final Map<String, List<Diagnostic>> checked = new ConcurrentHashMap<>();
    /** Done when the first whole-workspace check has ended (or the project closed). */
    private final CompletableFuture<Void> firstCheck = new CompletableFuture<>();
    private final Set<ProblemsListener> listeners = new CopyOnWriteArraySet<>();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private final AtomicLong checkGeneration = new AtomicLong();
    private volatile long lastStamp;
    private volatile long pomStamp;
    private volatile boolean closed;
    int users;

    OpenProject(long workspaceId, Path root, JdkLibrary jdk, JdtResolver resolver, LangProperties properties,
            MavenDependencies maven, ScheduledExecutorService timer) {
        this.workspaceId = workspaceId;
        this.root = root;
        this.properties = properties;
        this.maven = maven;
        this.timer = timer;
        this.java = new JavaProject(ProjectLayout.detect(root), jdk, resolver);
        this.workerThread = Executors.newSingleThreadExecutor(daemon("lang-" + workspaceId));
        this.background = Executors.newSingleThreadExecutor(daemon("lang-check-" + workspaceId));
        this.lastStamp = stamp();
        this.pomStamp = pomStamp();
        background.submit(this::resolveDependencies);
        requestCheck();
        long every = properties.watchInterval().toMillis();
        this.watch = timer.scheduleWithFixedDelay(this::pollFiles, every, every, TimeUnit.MILLISECONDS);
    }

    public long workspaceId() {
        return workspaceId;
    }

    public Path root() {
        return root;
    }

    public JavaProject java() {
        return java;
    }

    /** The thread that runs this workspace's interactive requests. */
    public Executor worker() {
        return worker;
    }

    /** Runs {@code task} on the worker after {@code millis}; cancel the result to drop it. */
    public ScheduledFuture<?> later(Runnable task, long millis) {
        return timer.schedule(() -> {
            try {
                worker.execute(task);
            } catch (RejectedExecutionException e) {
                // Closed meanwhile.
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** How many tasks the worker has queued or running. */
    public int workerTasks() {
        return workerTasks.get();
    }

    private void runOnWorker(Runnable task) {
        workerTasks.incrementAndGet();
        try {
            workerThread.execute(() -> {
                AtomicBoolean done = new AtomicBoolean();
                currentTask.set(done);
                try {
                    task.run();
                } finally {
                    currentTask.remove();
                    if (done.compareAndSet(false, true)) {
                        workerTasks.decrementAndGet();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            workerTasks.decrementAndGet();
            throw e;
        }
    }

    /**
     * Called by a worker task that has sent its result and has only cleanup left: it no longer counts
     * as work, so that a request arriving in reply to that result finds the worker idle.
     */
    public void resultSent() {
        AtomicBoolean done = currentTask.get();
        if (done != null && done.compareAndSet(false, true)) {
            workerTasks.decrementAndGet();
        }
    }

    /**
     * Waits until the first whole-workspace check has ended, at most {@code millis}. Until then the
     * other files have no class files, so a compilation would read them all from source while the
     * check compiles them too, both competing for the same cores.
     */
    public void awaitFirstCheck(long millis) {
        try {
            firstCheck.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Late or failed: the caller compiles on its own.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The problems the last whole-workspace check found in {@code path}, if it compiled exactly
     * {@code text} and the file is unchanged on disk since; else null.
     */
    public List<Diagnostic> checkedProblems(String path, String text) {
        List<Diagnostic> diagnostics = checked.get(path);
        return diagnostics != null && java.checkedAs(root.resolve(path), text.toCharArray()) ? diagnostics : null;
    }

    public void addListener(ProblemsListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ProblemsListener listener) {
        listeners.remove(listener);
    }

    /** All current problems, by workspace-relative path. */
    public Map<String, List<Diagnostic>> problems() {
        return Map.copyOf(problems);
    }

    /** Problems of an open document, computed as it is being edited, replace those of the last check. */
    public void liveProblems(String path, List<Diagnostic> diagnostics) {
        List<Diagnostic> old = problems.put(path, diagnostics);
        if (!diagnostics.equals(old)) {
            fire(Map.of(path, diagnostics));
        }
    }

    /** Asks for a new whole-workspace check (coalesced: at most one waits behind the running one). */
    public void requestCheck() {
        if (closed || !checkQueued.compareAndSet(false, true)) {
            return;
        }
        background.submit(() -> {
            checkQueued.set(false);
            checkWorkspace();
        });
    }

    /** Files changed on disk (reported by a client, or noticed by the watch). */
    public void filesChanged() {
        java.filesChanged();
        long pom = pomStamp();
        if (pom != pomStamp) {
            pomStamp = pom;
            background.submit(this::resolveDependencies);
        }
        requestCheck();
    }

    private void resolveDependencies() {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return;
        }
        MavenDependencies.Resolution resolution = maven.resolve(workspaceId, pom);
        String pomPath = "pom.xml";
        if (resolution.error() != null) {
            var d = new Diagnostic(new Range(new Position(0, 0), new Position(0, 1)), resolution.error(),
                    DiagnosticSeverity.Error, "maven");
            problems.put(pomPath, List.of(d));
            fire(Map.of(pomPath, List.of(d)));
            return;
        }
        if (problems.remove(pomPath) != null) {
            fire(Map.of(pomPath, List.of()));
        }
        if (!resolution.jars().equals(java.dependencies())) {
            java.setDependencies(resolution.jars());
            requestCheck();
        }
    }

    private void checkWorkspace() {
        long generation = checkGeneration.incrementAndGet();
        try {
            Map<Path, List<Diagnostic>> found = WorkspaceCheck.run(java,
                    new Cancellation(() -> closed || checkGeneration.get() != generation, properties.requestTimeout().toMillis() * 4));
            Map<String, List<Diagnostic>> changed = new java.util.HashMap<>();
            Set<String> seen = new java.util.HashSet<>();
            checked.clear();
            found.forEach((file, diagnostics) -> {
                String path = root.relativize(file).toString();
                seen.add(path);
                checked.put(path, diagnostics);
                List<Diagnostic> old = problems.put(path, diagnostics);
                if (!diagnostics.equals(old)) {
                    changed.put(path, diagnostics);
                }
            });
            for (String path : new ArrayList<>(problems.keySet())) {
                if (path.endsWith(".java") && !seen.contains(path)) {
                    problems.remove(path);
                    changed.put(path, List.of());
                }
            }
            if (!changed.isEmpty()) {
                fire(changed);
            }
        } catch (RuntimeException e) {
            if (!(e instanceof org.eclipse.core.runtime.OperationCanceledException)) {
                log.warn("Workspace check of workspace {} failed: {}", workspaceId, e.toString());
            }
        } finally {
            firstCheck.complete(null);
        }
    }

    private void fire(Map<String, List<Diagnostic>> changed) {
        for (ProblemsListener listener : listeners) {
            try {
                listener.problemsChanged(changed);
            } catch (RuntimeException e) {
                log.debug("A problems listener failed", e);
            }
        }
    }

    private void pollFiles() {
        long now = stamp();
        if (now != lastStamp) {
            lastStamp = now;
            filesChanged();
        }
    }

    /** A cheap fingerprint of the source folders and the pom: file count and latest modification. */
    private long stamp() {
        long stamp = pomStamp();
        for (Path dir : java.layout().sourceRoots()) {
            try (Stream<Path> walk = Files.walk(dir)) {
                stamp = walk.filter(p -> p.toString().endsWith(".java"))
                        .mapToLong(p -> p.toFile().lastModified() * 31 + 1)
                        .reduce(stamp, (a, b) -> a * 7 + b);
            } catch (IOException | java.io.UncheckedIOException e) {
                // A folder deleted meanwhile: the next poll sees the new state.
            }
        }
        return stamp;
    }

    private long pomStamp() {
        return root.resolve("pom.xml").toFile().lastModified();
    }

    void close() {
        closed = true;
        firstCheck.complete(null);
        watch.cancel(false);
        workerThread.shutdownNow();
        background.shutdownNow();
        java.close();
    }

    static List<Problem> toProblems(Map<String, List<Diagnostic>> problems) {
        List<Problem> list = new ArrayList<>();
        problems.forEach((path, diagnostics) -> {
            for (Diagnostic d : diagnostics) {
                list.add(new Problem(path, d.getRange().getStart().getLine() + 1, d.getRange().getStart().getCharacter() + 1,
                        d.getSeverity() == DiagnosticSeverity.Error ? "error"
                                : d.getSeverity() == DiagnosticSeverity.Warning ? "warning" : "info",
                        d.getMessage()));
            }
        });
        list.sort(Comparator.comparing((Problem p) -> !p.severity().equals("error")).thenComparing(Problem::path)
                .thenComparingInt(Problem::line));
        return list;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        };
    }
}
