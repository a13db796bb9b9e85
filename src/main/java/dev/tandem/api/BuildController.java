package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tandem.build.ArtifactFile;
import dev.tandem.build.Build;
import dev.tandem.build.BuildService;
import dev.tandem.build.LogChunk;
import dev.tandem.build.TestReport;
import dev.tandem.config.TandemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/** Builds: start, status, history, stop, live logs, test reports and artifacts. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Builds", description = "Buildspec builds of a workspace with live logs, artifacts and test reports")
class BuildController {

    private static final int MAX_CHUNK = 1024 * 1024;
    private static final int MAX_FOLLOWERS = 256;
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final BuildService builds;
    private final Semaphore followerSlots = new Semaphore(MAX_FOLLOWERS);
    private final ExecutorService followers;

    BuildController(BuildService builds) {
        this.builds = builds;
        AtomicInteger n = new AtomicInteger();
        this.followers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "build-log-follower-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        followers.shutdownNow();
    }

    /** A build with the links a client follows from it. */
    record BuildView(@JsonUnwrapped Build build, String logUrl, String reportsUrl, String artifactsUrl) {
        static BuildView of(Build b) {
            String base = "/api/v1/builds/" + b.id();
            return new BuildView(b, base + "/log", base + "/reports", b.artifactsSize() == null ? null : base + "/artifacts");
        }
    }

    /**
     * @param buildspecOverride buildspec text to use instead of the workspace's buildspec.yml
     * @param timeoutSeconds    the build's time limit (default: the server's, 60 minutes)
     */
    record StartBuild(String buildspecOverride, Integer timeoutSeconds) {
    }

    @PostMapping("/workspaces/{id}/builds")
    @Operation(summary = "Start a build (editors); 400 with line and column for an invalid buildspec")
    ResponseEntity<BuildView> start(Authentication auth, @PathVariable long id, @RequestBody(required = false) StartBuild request) {
        StartBuild body = request == null ? new StartBuild(null, null) : request;
        Build build = builds.start(auth.getName(), id, body.buildspecOverride(), body.timeoutSeconds());
        return ResponseEntity.created(URI.create("/api/v1/builds/" + build.id())).body(BuildView.of(build));
    }

    @GetMapping("/workspaces/{id}/builds")
    @Operation(summary = "The builds of a workspace, newest first; page back with before=<id>")
    List<BuildView> list(Authentication auth, @PathVariable long id, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        return builds.list(auth.getName(), id, limit, before).stream().map(BuildView::of).toList();
    }

    @GetMapping("/builds/{id}")
    @Operation(summary = "A build: status, queue position, phases with timings, test summary, artifact size")
    BuildView get(Authentication auth, @PathVariable long id) {
        return BuildView.of(builds.get(auth.getName(), id));
    }

    @PostMapping("/builds/{id}/stop")
    @Operation(summary = "Stop a queued or running build (editors); kills all its processes")
    BuildView stop(Authentication auth, @PathVariable long id) {
        return BuildView.of(builds.cancel(auth.getName(), id));
    }

    @GetMapping("/builds/{id}/log")
    @Operation(summary = "The log as text. Without follow: the bytes from offset (at most limit). "
            + "With follow=true: streams from offset until the build ends. With tail=N: the last N bytes from a line start. "
            + "The X-Log-Offset and X-Log-Next-Offset headers give the slice's place in the log.")
    ResponseEntity<?> log(Authentication auth, @PathVariable long id,
            @Parameter(description = "first byte") @RequestParam(defaultValue = "0") long offset,
            @Parameter(description = "most bytes (not with follow)") @RequestParam(defaultValue = "1048576") int limit,
            @RequestParam(required = false) Integer tail,
            @RequestParam(defaultValue = "false") boolean follow) {
        if (offset < 0 || limit < 0 || (tail != null && tail < 0)) {
            throw TandemException.badRequest("offset, limit and tail are not negative");
        }
        if (!follow) {
            LogChunk chunk = tail != null
                    ? builds.logBefore(auth.getName(), id, Long.MAX_VALUE, Math.min(tail, MAX_CHUNK))
                    : builds.log(auth.getName(), id, offset, Math.min(limit, MAX_CHUNK));
            return ResponseEntity.ok()
                    .contentType(TEXT)
                    .header("X-Log-Offset", Long.toString(chunk.offset()))
                    .header("X-Log-Next-Offset", Long.toString(chunk.nextOffset()))
                    .header("X-Log-Size", Long.toString(chunk.logSize()))
                    .header("X-Build-Complete", Boolean.toString(chunk.complete()))
                    .body(chunk.data());
        }
        BuildService.LogFollower follower = builds.follow(auth.getName(), id);
        if (!followerSlots.tryAcquire()) {
            throw new TandemException(503, "busy", "Too many logs are being followed; try again later");
        }
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(Duration.ofHours(9).toMillis());
        try {
            followers.execute(() -> stream(follower, offset, emitter));
        } catch (RuntimeException e) {
            followerSlots.release();
            throw e;
        }
        return ResponseEntity.ok().contentType(TEXT).header("Cache-Control", "no-store").header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    /** Sends the log from offset as it grows, until the build ends or the client goes away. */
    private void stream(BuildService.LogFollower follower, long offset, ResponseBodyEmitter emitter) {
        try {
            long position = offset;
            while (true) {
                LogChunk chunk = follower.read(position, 64 * 1024);
                if (chunk.data().length > 0) {
                    emitter.send(chunk.data(), TEXT);
                    position = chunk.nextOffset();
                    continue;
                }
                if (!follower.await(position, Duration.ofSeconds(15))) {
                    break;
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } finally {
            followerSlots.release();
        }
    }

    @GetMapping("/builds/{id}/reports")
    @Operation(summary = "The parsed test reports: per report group the counts and every test, failures first")
    List<TestReport> reports(Authentication auth, @PathVariable long id) {
        return builds.reports(auth.getName(), id);
    }

    @GetMapping("/builds/{id}/artifacts")
    @Operation(summary = "Download the artifacts zip")
    ResponseEntity<FileSystemResource> artifacts(Authentication auth, @PathVariable long id) {
        ArtifactFile file = builds.artifacts(auth.getName(), id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .contentLength(file.size())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(new FileSystemResource(file.file()));
    }
}
