package dev.tandem.build;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.TandemException;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceEvent;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The build service: starts builds of a workspace from its {@code buildspec.yml} (or an
 * override), queues them, runs at most {@code tandem.build.concurrency} at once through the
 * sandbox, and keeps their history, logs, artifacts and test reports.
 *
 * <p>Every method takes the acting user's name: any member of the workspace sees its builds,
 * editors and owners start and stop them; others get 404, as if the build did not exist.
 */
@Service
public class BuildService {

    private static final Logger log = LoggerFactory.getLogger(BuildService.class);
    public static final int MAX_LIST = 200;

    private final BuildRepository repository;
    private final BuildLogs logs;
    private final BuildDirectories dirs;
    private final BuildProperties properties;
    private final BuildEvents events;
    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final BuildSpecParser parser = new BuildSpecParser();
    private final ObjectMapper json;
    private final BuildRun.Context context;
    private final Map<Long, BuildRun> running = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;

    public BuildService(BuildRepository repository, BuildLogs logs, BuildCache cache, BuildDirectories dirs,
            BuildProperties properties, BuildEvents events, WorkspaceService workspaces, WorkspaceFiles files,
            Sandbox sandbox, ObjectMapper json) {
        this.repository = repository;
        this.logs = logs;
        this.dirs = dirs;
        this.properties = properties;
        this.events = events;
        this.workspaces = workspaces;
        this.files = files;
        this.json = json;
        this.context = new BuildRun.Context(repository, logs, cache, dirs, properties, sandbox, parser, json, events);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "build-runner-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "build-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds that were running when the server stopped cannot resume: they end as FAULT; the queue goes on. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        int abandoned = repository.faultAbandoned("The server stopped while the build ran");
        if (abandoned > 0) {
            log.warn("{} build(s) were running when the server stopped; marked FAULT", abandoned);
        }
        timers.scheduleWithFixedDelay(this::applyRetention, 1, 60, TimeUnit.MINUTES);
        dispatch();
    }

    @PreDestroy
    void shutdown() {
        running.values().forEach(run -> run.interrupt(BuildStatus.STOPPED));
        workers.shutdown();
        timers.shutdownNow();
    }

    /**
     * Starts a build of the workspace (editors and owners): queues it, and runs it when a slot is free.
     *
     * @param buildspecOverride a buildspec to use instead of the workspace's {@code buildspec.yml}; null for none
     * @param timeoutSeconds    the build's time limit; null for {@code tandem.build.default-timeout}
     * @throws InvalidBuildSpecException 400, before anything is queued, when the buildspec is missing or invalid
     */
    public Build start(String username, long workspaceId, String buildspecOverride, Integer timeoutSeconds) {
        Role role = workspaces.roleOf(username, workspaceId);
        if (!role.canWrite()) {
            throw TandemException.forbidden("Viewers cannot start builds");
        }
        long maxSeconds = properties.maxTimeout().toSeconds();
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > maxSeconds)) {
            throw TandemException.badRequest("The time limit is 1 to " + maxSeconds + " seconds");
        }
        String override = buildspecOverride == null || buildspecOverride.isBlank() ? null : buildspecOverride;
        parser.parse(override != null ? override : workspaceBuildspec(username, workspaceId));
        int timeout = timeoutSeconds != null ? timeoutSeconds : (int) properties.defaultTimeout().toSeconds();
        long id = repository.insert(workspaceId, username, override, timeout);
        events.changed(workspaceId, id);
        dispatch();
        return require(id);
    }

    /** One build, with its phases, test counts and artifact size. */
    public Build get(String username, long buildId) {
        Build build = require(buildId);
        member(username, build);
        return build;
    }

    /** Builds of a workspace, newest first; {@code beforeId} pages back. */
    public List<Build> list(String username, long workspaceId, int limit, Long beforeId) {
        workspaces.roleOf(username, workspaceId);
        return repository.list(workspaceId, Math.max(1, Math.min(limit, MAX_LIST)), beforeId);
    }

    /** Stops a queued or running build (editors and owners); a finished build stays as it is. */
    public Build cancel(String username, long buildId) {
        Build build = require(buildId);
        if (!member(username, build).canWrite()) {
            throw TandemException.forbidden("Viewers cannot stop builds");
        }
        if (repository.stopQueued(buildId, "The build was stopped before it started")) {
            events.changed(build.workspaceId(), buildId);
        } else {
            BuildRun run = running.get(buildId);
            if (run != null) {
                run.interrupt(BuildStatus.STOPPED);
            }
        }
        return require(buildId);
    }

    /** Up to {@code max} bytes of the log from {@code offset}. */
    public LogChunk log(String username, long buildId, long offset, int max) {
        get(username, buildId);
        return logs.read(buildId, offset, max);
    }

    /** Up to {@code max} bytes of the log ending at {@code end} ({@code Long.MAX_VALUE} for the tail), from a line start. */
    public LogChunk logBefore(String username, long buildId, long end, int max) {
        get(username, buildId);
        return logs.before(buildId, end, max);
    }

    /**
     * A way to follow one build's log, after checking once that the user may read it: waits for
     * growth without polling.
     */
    public LogFollower follow(String username, long buildId) {
        get(username, buildId);
        return new LogFollower(buildId);
    }

    /** Calls {@code listener} with a build's id whenever a build of the workspace changes state. */
    public Runnable onBuildChange(String username, long workspaceId, LongConsumer listener) {
        workspaces.roleOf(username, workspaceId);
        return events.listen(workspaceId, listener);
    }

    /** The parsed test reports of a build, by report group; empty when it had none. */
    public List<TestReport> reports(String username, long buildId) {
        get(username, buildId);
        Path file = dirs.reports(buildId);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return json.readValue(in, new TypeReference<List<TestReport>>() { });
        } catch (IOException e) {
            throw new TandemException(500, "reports_unreadable", "The reports of build " + buildId + " cannot be read");
        }
    }

    /** The artifacts zip of a build; 404 when it has none. */
    public ArtifactFile artifacts(String username, long buildId) {
        Build build = get(username, buildId);
        Path zip = dirs.artifacts(buildId);
        if (build.artifactsSize() == null || !Files.isRegularFile(zip)) {
            throw TandemException.notFound("Build " + buildId + " has no artifacts");
        }
        String workspace = workspaces.get(username, build.workspaceId()).name().replaceAll("[^A-Za-z0-9._-]+", "-");
        try {
            return new ArtifactFile(zip, workspace + "-build-" + build.number() + ".zip", Files.size(zip));
        } catch (IOException e) {
            throw TandemException.notFound("Build " + buildId + " has no artifacts");
        }
    }

    /** Deletes finished builds beyond {@code tandem.build.retain-count} per workspace or older than {@code retain-age}. */
    public int applyRetention() {
        int deleted = 0;
        try {
            for (long id : repository.expired(properties.retainCount(), Instant.now().minus(properties.retainAge()))) {
                repository.delete(id);
                Snapshots.deleteTree(dirs.build(id));
                deleted++;
            }
            deleteOrphanFolders();
        } catch (IOException | RuntimeException e) {
            log.warn("Applying build retention failed: {}", e.toString());
        }
        return deleted;
    }

    /**
     * A workspace was deleted, and its builds' rows with it: its running builds stop, and once they
     * have ended (each run ends with a retention pass) their folders and the workspace's cache go.
     */
    @EventListener
    public void onWorkspaceDeleted(WorkspaceEvent.WorkspaceDeleted event) {
        running.values().stream()
                .filter(run -> run.workspaceId() == event.workspaceId())
                .forEach(run -> run.interrupt(BuildStatus.STOPPED));
        applyRetentionQuietly();
    }

    /**
     * Folders of builds whose rows are gone, and caches of workspaces that are gone (deleted), unless
     * a build still runs there: a stopped build gives its cache back as it ends.
     */
    private void deleteOrphanFolders() throws IOException {
        for (long id : numberedFolders(dirs.root())) {
            if (!running.containsKey(id) && !repository.exists(id)) {
                Snapshots.deleteTree(dirs.build(id));
            }
        }
        for (long workspaceId : numberedFolders(dirs.cacheRoot())) {
            boolean building = running.values().stream().anyMatch(run -> run.workspaceId() == workspaceId);
            if (!building && !repository.workspaceExists(workspaceId)) {
                context.cache().delete(workspaceId);
            }
        }
    }

    private static List<Long> numberedFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (var folders = Files.list(root)) {
            return folders.map(folder -> folder.getFileName().toString())
                    .filter(name -> name.matches("\\d{1,18}"))
                    .map(Long::parseLong)
                    .toList();
        }
    }

    /** Starts queued builds while there are free slots; safe to call from any thread at any time. */
    synchronized void dispatch() {
        while (running.size() < properties.concurrency()) {
            List<Long> queued = repository.queued(properties.concurrency());
            boolean started = false;
            for (long id : queued) {
                if (running.size() >= properties.concurrency()) {
                    break;
                }
                if (repository.claim(id)) {
                    launch(require(id));
                    started = true;
                }
            }
            if (!started) {
                return;
            }
        }
    }

    private void launch(Build build) {
        Path workspaceDir;
        try {
            workspaceDir = files.resolve(build.startedBy(), build.workspaceId(), "");
        } catch (RuntimeException e) {
            repository.finish(build.id(), BuildStatus.FAULT, "The workspace cannot be read for this build: " + e.getMessage(),
                    null, null, Map.of());
            events.changed(build.workspaceId(), build.id());
            return;
        }
        BuildRun run = new BuildRun(context, build, workspaceDir, repository.buildspecOverride(build.id()).orElse(null));
        running.put(build.id(), run);
        events.changed(build.workspaceId(), build.id());
        ScheduledFuture<?> timeout = timers.schedule(() -> run.interrupt(BuildStatus.TIMED_OUT),
                build.timeoutSeconds(), TimeUnit.SECONDS);
        workers.execute(() -> {
            try {
                run.run();
            } finally {
                timeout.cancel(false);
                running.remove(build.id());
                dispatch();
                applyRetentionQuietly();
            }
        });
    }

    private void applyRetentionQuietly() {
        timers.execute(this::applyRetention);
    }

    private String workspaceBuildspec(String username, long workspaceId) {
        for (String name : List.of("buildspec.yml", "buildspec.yaml")) {
            try (InputStream in = files.open(username, workspaceId, name)) {
                byte[] bytes = in.readNBytes(BuildSpecParser.MAX_LENGTH + 1);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (TandemException e) {
                if (e.status() != 404) {
                    throw e;
                }
            } catch (IOException e) {
                throw TandemException.badRequest("The buildspec cannot be read: " + e.getMessage());
            }
        }
        throw new InvalidBuildSpecException(1, 1, "the workspace has no buildspec.yml at its root; add one or start with a buildspec override");
    }

    private Build require(long buildId) {
        return repository.find(buildId).orElseThrow(() -> TandemException.notFound("No build " + buildId));
    }

    private Role member(String username, Build build) {
        try {
            return workspaces.roleOf(username, build.workspaceId());
        } catch (TandemException e) {
            throw e.status() == 404 ? TandemException.notFound("No build " + build.id()) : e;
        }
    }

    /** Waits for a build's log to grow; see {@link BuildService#follow}. */
    public final class LogFollower {
        private final long buildId;

        private LogFollower(long buildId) {
            this.buildId = buildId;
        }

        /** Reads up to {@code max} bytes from {@code offset}. */
        public LogChunk read(long offset, int max) {
            return logs.read(buildId, offset, max);
        }

        /**
         * Waits up to {@code timeout} for bytes beyond {@code known}.
         *
         * @return false when the build has ended and the log holds nothing beyond {@code known}
         */
        public boolean await(long known, Duration timeout) throws InterruptedException {
            boolean more = logs.await(buildId, known, timeout.toMillis());
            if (!more && !logs.live(buildId)) {
                // A queued build has no log yet: it is over only once the build is.
                boolean done = repository.find(buildId).map(b -> b.status().done()).orElse(true);
                if (!done) {
                    Thread.sleep(Math.min(timeout.toMillis(), 50));
                }
                return !done || logs.size(buildId) > known;
            }
            return more;
        }

        /**
         * Calls {@code listener} after each append while the build runs; returns what removes it,
         * or null when the log is not being written now (the build is queued or has ended).
         */
        public Runnable listen(Runnable listener) {
            return logs.listen(buildId, listener);
        }
    }
}
