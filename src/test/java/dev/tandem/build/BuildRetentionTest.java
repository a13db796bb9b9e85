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
}
