package dev.tandem.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.build.BuildSpec.Phase;
import dev.tandem.config.TandemException;
import dev.tandem.sandbox.Sandbox;
import dev.tandem.sandbox.SandboxSpec;
import dev.tandem.sandbox.SandboxedCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One build from leaving the queue to its end: snapshot, cache, the phases through the sandbox,
 * artifacts, reports, cache again. Phase transitions follow CodeBuild: a failed install or
 * pre_build skips the later command phases, a failed build still runs post_build, {@code finally}
 * commands always run after their phase's commands, and {@code on-failure: CONTINUE} lets the next
 * phase run. All steps run in one shell session ({@link ShellSession}); cancel and timeout kill it
 * with its whole process tree.
 */
final class BuildRun {

    private static final Logger log = LoggerFactory.getLogger(BuildRun.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a run needs from the service; one instance serves all runs. */
    record Context(BuildRepository repository, BuildLogs logs, BuildCache cache, BuildDirectories dirs,
            BuildProperties properties, Sandbox sandbox, BuildSpecParser parser, ObjectMapper json,
            BuildEvents events) {
    }

    private final Context ctx;
    private final long id;
    private final long workspaceId;
    private final int number;
    private final Path workspaceDir;
    private final String override;
    private final Object processLock = new Object();
    private volatile BuildStatus interruption;
    private Process current;
    /** The shell the build's steps run in (one for the whole build, unless a step ends it). */
    private ShellSession session;
    private int phaseSeq;
    /** The cache folders this build took from the workspace's cache and has not given back yet. */
    private List<BuildCache.Entry> cacheHeld;

    BuildRun(Context ctx, Build build, Path workspaceDir, String override) {
        this.ctx = ctx;
        this.id = build.id();
        this.workspaceId = build.workspaceId();
        this.number = build.number();
        this.workspaceDir = workspaceDir;
        this.override = override;
    }

    long id() {
        return id;
    }

    long workspaceId() {
        return workspaceId;
    }

    /** Stops the build as STOPPED (cancel) or TIMED_OUT, killing whatever runs now. */
    void interrupt(BuildStatus as) {
        synchronized (processLock) {
            if (interruption == null) {
                interruption = as;
            }
            if (current != null) {
                kill(current);
            }
        }
    }

    void run() {
        BuildStatus status = BuildStatus.SUCCEEDED;
        String message = null;
        Long artifactsSize = null;
        TestSummary tests = null;
        Map<String, String> exported = Map.of();
        Path work = ctx.dirs().work(id);
        Path src = work.resolve("src");
        Path home = work.resolve("home");
        Path state = work.resolve("state");
        try (BuildLogs.Writer logWriter = ctx.logs().open(id)) {
            try {
                logWriter.line("Build " + number + " of workspace " + workspaceId + " (build id " + id + ")");
                // Provisioning: snapshot, buildspec, cache
                int provisioning = startPhase("PROVISIONING");
                BuildSpec spec;
                List<BuildCache.Entry> cacheEntries;
                try {
                    Snapshots.deleteTree(work);
                    Files.createDirectories(home);
                    Files.createDirectories(state);
                    String snapshot = Snapshots.copy(workspaceDir, src);
                    ctx.repository().snapshot(id, snapshot);
                    logWriter.line("Source snapshot " + snapshot.substring(0, 12) + " taken from the workspace");
                    spec = ctx.parser().parse(override != null ? override : readBuildspec(src));
                    List<String> rejected = new ArrayList<>();
                    cacheEntries = BuildCache.entries(spec.cachePaths(), rejected);
                    rejected.forEach(p -> logWriter.line("Cache path " + p + " is outside the home and the source; not cached"));
                    if (!cacheEntries.isEmpty()) {
                        BuildCache.Restored restored = ctx.cache().restore(workspaceId, id, cacheEntries, home, src);
                        if (restored.inUse()) {
                            logWriter.line("The cache is in use by another build of this workspace; building without it");
                        } else {
                            cacheHeld = cacheEntries;
                            logWriter.line(restored.folders() == 0 ? "No cache yet"
                                    : "Restored " + restored.folders() + " cached folder(s)");
                        }
                    }
                } catch (InvalidBuildSpecException e) {
                    logWriter.line(e.getMessage());
                    endPhase(provisioning, BuildStatus.FAILED, e.getMessage());
                    throw new Failure(BuildStatus.FAILED, e.getMessage());
                } catch (IOException e) {
                    endPhase(provisioning, BuildStatus.FAULT, "Preparing the build failed: " + e.getMessage());
                    throw new Failure(BuildStatus.FAULT, "Preparing the build failed: " + e.getMessage());
                }
                endPhase(provisioning, BuildStatus.SUCCEEDED, null);
                ctx.events().changed(workspaceId, id);

                Map<String, String> env = environment(spec, src, home, state);
                boolean stopCommandPhases = false;
                for (var entry : spec.phases().entrySet()) {
                    if (interruption != null) {
                        break;
                    }
                    PhaseName name = entry.getKey();
                    Phase phase = entry.getValue();
                    if (stopCommandPhases) {
                        logWriter.line("Phase " + name + " skipped because an earlier phase failed");
                        continue;
                    }
                    int seq = startPhase(name.name());
                    ctx.events().changed(workspaceId, id);
                    logWriter.line("Entering phase " + name);
                    boolean succeeding = status == BuildStatus.SUCCEEDED;
                    int exit = step(logWriter, spec, env, src, home, work, state, phase.commands(), succeeding, name + "-commands");
                    String phaseMessage = exit == 0 ? null : "Error while executing command in " + name + " (exit status " + exit + ")";
                    if (!phase.finallyCommands().isEmpty() && interruption == null) {
                        logWriter.line("Running the finally commands of " + name);
                        int finallyExit = step(logWriter, spec, env, src, home, work, state, phase.finallyCommands(),
                                succeeding && exit == 0, name + "-finally");
                        if (finallyExit != 0 && exit == 0) {
                            exit = finallyExit;
                            phaseMessage = "Error while executing a finally command of " + name + " (exit status " + finallyExit + ")";
                        }
                    }
                    if (interruption != null) {
                        endPhase(seq, interruption, interruptionMessage());
                        break;
                    }
                    BuildStatus phaseStatus = exit == 0 ? BuildStatus.SUCCEEDED : BuildStatus.FAILED;
                    endPhase(seq, phaseStatus, phaseMessage);
                    logWriter.line("Phase complete: " + name + " State: " + phaseStatus);
                    if (exit != 0) {
                        status = BuildStatus.FAILED;
                        message = phaseMessage;
                        // CodeBuild: a failed build phase still lets post_build run; earlier failures end the command phases.
                        if (phase.onFailure() == BuildSpec.OnFailure.ABORT && name != PhaseName.BUILD) {
                            stopCommandPhases = true;
                        }
                    }
                }
                endSession();
                if (interruption != null) {
                    throw new Failure(interruption, interruptionMessage());
                }
                // Artifacts, reports and cache
                int upload = startPhase("UPLOAD_ARTIFACTS");
                ctx.events().changed(workspaceId, id);
                String uploadProblem = null;
                try {
                    tests = reports(logWriter, spec, src);
                    if (spec.artifacts() != null) {
                        artifactsSize = artifacts(logWriter, spec.artifacts(), src);
                        if (artifactsSize == null && status == BuildStatus.SUCCEEDED) {
                            uploadProblem = "No artifact files matched " + spec.artifacts().files();
                        }
                    }
                    exported = exported(state, spec.env().exportedVariables());
                    if (!cacheEntries.isEmpty()) {
                        cacheHeld = null;
                        int saved = ctx.cache().save(workspaceId, id, cacheEntries, home, src);
                        logWriter.line("Saved " + saved + " cached folder(s)");
                    }
                } catch (IOException | TandemException e) {
                    uploadProblem = "Storing the results failed: " + e.getMessage();
                }
                if (uploadProblem != null) {
                    logWriter.line(uploadProblem);
                    endPhase(upload, BuildStatus.FAILED, uploadProblem);
                    if (status == BuildStatus.SUCCEEDED) {
                        status = BuildStatus.FAILED;
                        message = uploadProblem;
                    }
                } else {
                    endPhase(upload, BuildStatus.SUCCEEDED, null);
                }
            } catch (Failure f) {
                status = f.status;
                message = f.getMessage();
            } catch (RuntimeException e) {
                log.error("Build {} failed unexpectedly", id, e);
                status = BuildStatus.FAULT;
                message = "Internal error: " + e.getMessage();
            } finally {
                endSession();
                int finalizing = startPhase("FINALIZING");
                giveBackCache(logWriter, home, src);
                try {
                    Snapshots.deleteTree(work);
                } catch (IOException e) {
                    log.warn("Could not remove the work folder of build {}: {}", id, e.toString());
                }
                endPhase(finalizing, BuildStatus.SUCCEEDED, null);
                logWriter.line("Build " + status + (message == null ? "" : ": " + message));
                ctx.repository().finish(id, status, message, artifactsSize, tests, exported);
            }
        } finally {
            ctx.events().changed(workspaceId, id);
        }
    }

    /**
     * A build that ends before saving (stopped, timed out) still gives back the cache it took, as the
     * build left it: build tools leave their caches usable when killed (as a developer's ~/.m2 after
     * Ctrl+C), and throwing it away would make the next build download everything again.
     */
    private void giveBackCache(BuildLogs.Writer logWriter, Path home, Path src) {
        List<BuildCache.Entry> held = cacheHeld;
        cacheHeld = null;
        if (held == null) {
            return;
        }
        try {
            int saved = ctx.cache().save(workspaceId, id, held, home, src);
            logWriter.line("Gave back " + saved + " cached folder(s)");
        } catch (IOException e) {
            ctx.cache().release(workspaceId, id);
            logWriter.line("The cache could not be kept: " + e.getMessage());
        }
    }

    private String readBuildspec(Path src) throws IOException {
        for (String name : List.of("buildspec.yml", "buildspec.yaml")) {
            Path file = src.resolve(name);
            if (Files.isRegularFile(file)) {
                if (Files.size(file) > BuildSpecParser.MAX_LENGTH) {
                    throw new InvalidBuildSpecException(1, 1, "the buildspec is larger than " + BuildSpecParser.MAX_LENGTH + " bytes");
                }
                return Files.readString(file);
            }
        }
        throw new InvalidBuildSpecException(1, 1, "the workspace has no buildspec.yml at its root");
    }

    private Map<String, String> environment(BuildSpec spec, Path src, Path home, Path state) {
        Map<String, String> env = new LinkedHashMap<>();
        // Java takes user.home from the passwd entry, not from HOME: Maven's ~/.m2 must be the
        // build's home, where the cache is. A buildspec variable may still set its own.
        env.put("MAVEN_OPTS", "-Duser.home=" + home);
        env.putAll(spec.env().variables());
        env.put("CI", "true");
        env.put("CODEBUILD_CI", "true");
        env.put("CODEBUILD_SRC_DIR", src.toString());
        env.put("CODEBUILD_BUILD_ID", Long.toString(id));
        env.put("CODEBUILD_BUILD_NUMBER", Integer.toString(number));
        env.put("TANDEM_BUILD_ID", Long.toString(id));
        env.put("TANDEM_WORKSPACE_ID", Long.toString(workspaceId));
        env.put("TANDEM_STATE", state.toString());
        return env;
    }

    /**
     * Runs commands as one step in the build's shell session, starting the session first if there is
     * none (the first step, or the shell ended in an earlier step); answers the step's exit status
     * (non-zero when interrupted).
     */
    private int step(BuildLogs.Writer logWriter, BuildSpec spec, Map<String, String> env, Path src, Path home, Path work,
            Path state, List<String> commands, boolean succeeding, String scriptName) {
        Path script = state.resolve(scriptName + ".sh");
        try {
            Files.writeString(script, PhaseScript.step(commands, succeeding), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(BuildStatus.FAULT, "Cannot write the phase script: " + e.getMessage());
        }
        ShellSession shell = session(logWriter, spec, env, src, home, work, state);
        if (shell == null) {
            return -1;
        }
        try {
            int exit = shell.run(script);
            if (!shell.alive()) {
                endSession();
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.killTree();
            return -1;
        }
    }

    /** The running shell session, started if needed; null when the build was interrupted before it could start. */
    private ShellSession session(BuildLogs.Writer logWriter, BuildSpec spec, Map<String, String> env, Path src, Path home,
            Path work, Path state) {
        if (session != null) {
            return session;
        }
        String nonce = HexFormat.of().formatHex(nonce());
        Path script = state.resolve("session.sh");
        try {
            Files.writeString(script, PhaseScript.session(nonce, spec.env().exportedVariables()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(BuildStatus.FAULT, "Cannot write the session script: " + e.getMessage());
        }
        SandboxSpec sandboxSpec = new SandboxSpec(src, List.of(work), home, env,
                List.of("/bin/" + spec.env().shell(), script.toString()), true,
                ctx.properties().memoryLimit().toBytes(), ctx.properties().maxProcesses());
        SandboxedCommand command;
        try {
            command = ctx.sandbox().prepare(sandboxSpec);
        } catch (TandemException | IllegalArgumentException e) {
            throw new Failure(BuildStatus.FAULT, e.getMessage());
        }
        synchronized (processLock) {
            if (interruption != null) {
                ctx.sandbox().release(command);
                return null;
            }
            try {
                session = ShellSession.start(command, () -> ctx.sandbox().release(command), logWriter, nonce,
                        "build-" + id + "-output");
            } catch (IOException e) {
                throw new Failure(BuildStatus.FAULT, "Cannot start the build's shell: " + e.getMessage());
            }
            current = session.process();
        }
        return session;
    }

    /** Ends the shell session, if one runs: its state is saved, what it left in the background is killed. */
    private void endSession() {
        ShellSession shell;
        synchronized (processLock) {
            shell = session;
            session = null;
            current = null;
        }
        if (shell == null) {
            return;
        }
        try {
            shell.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.killTree();
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static byte[] nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private TestSummary reports(BuildLogs.Writer logWriter, BuildSpec spec, Path src) throws IOException {
        if (spec.reports().isEmpty()) {
            return null;
        }
        JUnitXmlParser parser = new JUnitXmlParser();
        List<TestReport> reports = new ArrayList<>();
        TestSummary total = TestSummary.NONE;
        for (var group : spec.reports().entrySet()) {
            Path base = BuildFiles.inside(src, group.getValue().baseDirectory());
            List<String> files = BuildFiles.select(base, group.getValue().files(), List.of());
            List<TestCase> cases = new ArrayList<>();
            List<String> read = new ArrayList<>();
            for (String file : files) {
                try (InputStream in = Files.newInputStream(base.resolve(file))) {
                    cases.addAll(parser.parse(in));
                    read.add(file);
                } catch (IOException e) {
                    logWriter.line("Report file " + file + " skipped: " + e.getMessage());
                }
            }
            cases.sort((a, b) -> Integer.compare(order(a), order(b)));
            TestSummary summary = TestSummary.of(cases);
            total = total.plus(summary);
            reports.add(new TestReport(group.getKey(), read, summary, cases));
            logWriter.line("Report " + group.getKey() + ": " + summary.total() + " tests, " + summary.passed() + " passed, "
                    + summary.failed() + " failed, " + summary.skipped() + " skipped (" + read.size() + " file(s))");
        }
        ctx.json().writeValue(ctx.dirs().reports(id).toFile(), reports);
        return total;
    }

    private static int order(TestCase c) {
        return switch (c.status()) {
            case FAILED -> 0;
            case SKIPPED -> 1;
            case PASSED -> 2;
        };
    }

    /** Zips the matched files; answers the zip's size, or null when nothing matched. */
    private Long artifacts(BuildLogs.Writer logWriter, BuildSpec.Artifacts spec, Path src) throws IOException {
        Path base = BuildFiles.inside(src, spec.baseDirectory());
        List<String> files = BuildFiles.select(base, spec.files(), spec.excludePaths());
        if (files.isEmpty()) {
            logWriter.line("No artifact files matched");
            return null;
        }
        Path zip = ctx.dirs().artifacts(id);
        Path partial = zip.resolveSibling("artifacts.zip.part");
        long limit = ctx.properties().maxArtifactsSize().toBytes();
        java.util.Set<String> names = new java.util.HashSet<>();
        try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String file : files) {
                String name = spec.discardPaths() ? file.substring(file.lastIndexOf('/') + 1) : file;
                if (!names.add(name)) {
                    logWriter.line("Artifact " + file + " skipped: another file is already named " + name);
                    continue;
                }
                ZipEntry entry = new ZipEntry(name);
                Path path = base.resolve(file);
                entry.setLastModifiedTime(Files.getLastModifiedTime(path));
                zipOut.putNextEntry(entry);
                Files.copy(path, zipOut);
                zipOut.closeEntry();
                if (Files.size(partial) > limit) {
                    throw new IOException("the artifacts are larger than " + ctx.properties().maxArtifactsSize());
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long size = Files.size(zip);
        logWriter.line("Artifacts: " + names.size() + " file(s), " + size + " bytes zipped");
        return size;
    }

    private static Map<String, String> exported(Path state, List<String> names) throws IOException {
        Path file = state.resolve("exported");
        if (names.isEmpty() || !Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (String pair : text.split("\0")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && names.contains(pair.substring(0, eq))) {
                String value = pair.substring(eq + 1);
                values.put(pair.substring(0, eq), value.length() > 1000 ? value.substring(0, 1000) : value);
            }
        }
        return values;
    }

    private int startPhase(String name) {
        int seq = ++phaseSeq;
        ctx.repository().startPhase(id, seq, name);
        return seq;
    }

    private void endPhase(int seq, BuildStatus status, String message) {
        ctx.repository().endPhase(id, seq, status, message);
        ctx.events().changed(workspaceId, id);
    }

    private String interruptionMessage() {
        return interruption == BuildStatus.TIMED_OUT ? "The build ran past its time limit and was stopped"
                : "The build was stopped";
    }

    /** Ends the build early with a status. */
    private static final class Failure extends RuntimeException {
        final BuildStatus status;

        Failure(BuildStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
