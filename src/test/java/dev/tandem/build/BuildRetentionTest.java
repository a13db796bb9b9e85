package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import dev.tandem.workspace.WorkspaceService;

/**
 * Retention: per workspace only the newest {@code tandem.build.retain-count} builds (4 in the tests)
 * are kept, and none older than {@code tandem.build.retain-age} (30 days by default); a deleted
 * build's row, log and artifacts are all gone.
 */
class BuildRetentionTest extends BuildTestBase {

    private static final String SPEC = """
            version: 0.2
            phases:
              build:
                commands:
                  - echo kept > out.txt
            artifacts:
              files: [out.txt]
            """;

    @Autowired
    BuildService builds;
    @Autowired
    BuildDirectories dirs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WorkspaceService workspaces;

    @Test
    void keepsTheNewestBuildsOfEachWorkspaceAndNoneTooOld() throws Exception {
        TestClient gina = client("gina");
        long ws = workspace(gina, "retention", null);
        long other = workspace(gina, "retention-other", null);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long id = start(gina, ws, SPEC);
            assertThat(awaitEnd(gina, id, Duration.ofSeconds(60)).get("status").asText()).isEqualTo("SUCCEEDED");
            ids.add(id);
        }
        long otherBuild = start(gina, other, SPEC);
        awaitEnd(gina, otherBuild, Duration.ofSeconds(60));
        builds.applyRetention();

        // by count: the two oldest of the six are gone, with their files; the other workspace's build stays
        for (long gone : ids.subList(0, 2)) {
            assertThat(gina.get("/api/v1/builds/" + gone).status()).isEqualTo(404);
            assertThat(dirs.build(gone)).doesNotExist();
        }
        for (long kept : ids.subList(2, 6)) {
            assertThat(gina.get("/api/v1/builds/" + kept).status()).isEqualTo(200);
            assertThat(Files.isRegularFile(dirs.log(kept))).isTrue();
        }
        assertThat(gina.get("/api/v1/workspaces/" + ws + "/builds").json()).hasSize(4);
        assertThat(gina.get("/api/v1/builds/" + otherBuild).status()).isEqualTo(200);

        // by age: a build that ended 31 days ago goes, even as its workspace's only build
        jdbc.sql("update builds set ended_at = ? where id = ?")
                .params(OffsetDateTime.now().minusDays(31), otherBuild).update();
        builds.applyRetention();
        assertThat(gina.get("/api/v1/builds/" + otherBuild).status()).isEqualTo(404);
        assertThat(dirs.build(otherBuild)).doesNotExist();
        assertThat(gina.get("/api/v1/builds/" + ids.get(5)).status()).isEqualTo(200);
    }

    @Test
    void deletingAWorkspaceStopsItsBuildAndRemovesItsBuildFoldersAndCache() throws Exception {
        TestClient hugo = client("hugo");
        long ws = workspace(hugo, "deleted-with-builds", null);
        long kept = workspace(hugo, "kept-with-builds", null);
        String cached = """
                version: 0.2
                phases:
                  build:
                    commands:
                      - mkdir -p ~/.m2 && echo cached > ~/.m2/marker
                      - %s
                cache:
                  paths: ['/root/.m2/**']
                """;
        long finished = start(hugo, ws, cached.formatted("true"));
        assertThat(awaitEnd(hugo, finished, Duration.ofSeconds(60)).get("status").asText()).isEqualTo("SUCCEEDED");
        long other = start(hugo, kept, cached.formatted("true"));
        assertThat(awaitEnd(hugo, other, Duration.ofSeconds(60)).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(dirs.cache(ws).resolve("home/.m2/marker")).hasContent("cached");
        long running = start(hugo, ws, cached.formatted("sleep 4731"));
        awaitStatus(hugo, running, "IN_PROGRESS", Duration.ofSeconds(30));
        awaitProcesses("sleep 4731");

        workspaces.delete("hugo", ws);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((Files.exists(dirs.cache(ws)) || Files.exists(dirs.build(running)) || !processesWith("sleep 4731").isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(processesWith("sleep 4731")).as("the running build was stopped").isEmpty();
        assertThat(dirs.cache(ws)).as("the stopped build gave its cache back, and then it went").doesNotExist();
        assertThat(dirs.build(finished)).doesNotExist();
        assertThat(dirs.build(running)).doesNotExist();
        // the other workspace's builds and cache are untouched
        assertThat(dirs.cache(kept).resolve("home/.m2/marker")).hasContent("cached");
        assertThat(Files.isRegularFile(dirs.log(other))).isTrue();
    }
}
