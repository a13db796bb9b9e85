package dev.tandem.build;

import dev.tandem.config.TandemProperties;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where builds keep their files: {@code builds/<id>/} holds the log, the artifacts zip, the
 * reports and, while the build runs, its source snapshot and home; {@code build-cache/<workspace>/}
 * holds the cached paths of a workspace's builds.
 */
@Component
class BuildDirectories {

    private final Path builds;
    private final Path caches;

    BuildDirectories(TandemProperties properties) {
        this.builds = properties.home().resolve("builds");
        this.caches = properties.home().resolve("build-cache");
    }

    Path root() {
        return builds;
    }

    Path build(long id) {
        return builds.resolve(Long.toString(id));
    }

    Path log(long id) {
        return build(id).resolve("build.log");
    }

    Path artifacts(long id) {
        return build(id).resolve("artifacts.zip");
    }

    Path reports(long id) {
        return build(id).resolve("reports.json");
    }

    /** The working area of a running build: source snapshot, home, scripts; removed when the build ends. */
    Path work(long id) {
        return build(id).resolve("work");
    }

    Path cacheRoot() {
        return caches;
    }

    Path cache(long workspaceId) {
        return caches.resolve(Long.toString(workspaceId));
    }
}
