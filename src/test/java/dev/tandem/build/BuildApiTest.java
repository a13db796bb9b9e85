package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Builds through the REST API with the real sandbox: phases, logs, artifacts, reports, failures, stop, timeout, queue. */
class BuildApiTest extends BuildTestBase {

    private static final String JUNIT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="calc" tests="3">
              <testcase classname="calc.AddTest" name="adds" time="0.012"/>
              <testcase classname="calc.AddTest" name="overflows" time="0.5"><failure message="expected 2 but was 3">at calc.AddTest.overflows(AddTest.java:12)</failure></testcase>
              <testcase classname="calc.AddTest" name="later" time="0"><skipped/></testcase>
            </testsuite>
            """;

    @Test
    void aBuildRunsItsPhasesAndKeepsLogArtifactsReportsAndExportedVariables() throws Exception {
        TestClient alice = client("alice");
        long ws = workspace(alice, "demo", null);
        write(alice, ws, "src/a.txt", "A");
        write(alice, ws, "src/sub/b.txt", "B");
        write(alice, ws, "src/skip.log", "no");
        write(alice, ws, "notes.md", "not an artifact");
        write(alice, ws, "reports/TEST-calc.xml", JUNIT);
        write(alice, ws, "buildspec.yml", """
                version: 0.2
                env:
                  variables:
                    GREETING: hello
                  exported-variables:
                    - RESULT
                phases:
                  install:
                    commands:
                      - echo "install as $(id -u) in $PWD"
                      - export CARRIED=from-install
                      - cd src
                  build:
                    commands:
                      - echo "$GREETING $CARRIED at $(basename $PWD)"
                      - export RESULT=built-$CODEBUILD_BUILD_NUMBER
                      - touch made-by-build.txt
                artifacts:
                  files:
                    - 'src/**/*'
                  exclude-paths:
                    - '**/*.log'
                reports:
                  unit:
                    files:
                      - 'reports/TEST-*.xml'
                """);
        long id = start(alice, ws, null);
        JsonNode build = awaitEnd(alice, id, Duration.ofSeconds(60));
        String log = log(alice, id);
        assertThat(build.get("status").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(build.get("number").asInt()).isEqualTo(1);
        assertThat(build.get("startedBy").asText()).isEqualTo("alice");
        assertThat(build.get("snapshot").asText()).hasSize(64);
        assertThat(log).contains("hello from-install at src").doesNotContain("install as 0 ");
        List<String> phases = new ArrayList<>();
        build.get("phases").forEach(p -> {
            phases.add(p.get("name").asText() + ":" + p.get("status").asText());
            assertThat(p.get("durationMillis").asLong()).isGreaterThanOrEqualTo(0);
        });
        assertThat(phases).containsExactly("PROVISIONING:SUCCEEDED", "INSTALL:SUCCEEDED", "BUILD:SUCCEEDED",
                "UPLOAD_ARTIFACTS:SUCCEEDED", "FINALIZING:SUCCEEDED");
        assertThat(build.get("exportedVariables").get("RESULT").asText()).isEqualTo("built-1");
        assertThat(build.get("tests").get("total").asInt()).isEqualTo(3);
        assertThat(build.get("tests").get("failed").asInt()).isEqualTo(1);

        assertThat(build.get("artifactsUrl").asText()).isEqualTo("/api/v1/builds/" + id + "/artifacts");
        TestClient.Response zip = alice.get(build.get("artifactsUrl").asText());
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zipEntries(zip.body())).containsExactly("src/a.txt", "src/made-by-build.txt", "src/sub/b.txt");

        JsonNode reports = alice.get("/api/v1/builds/" + id + "/reports").json();
        assertThat(reports.get(0).get("group").asText()).isEqualTo("unit");
        JsonNode failed = reports.get(0).get("cases").get(0);
        assertThat(failed.get("name").asText()).isEqualTo("overflows");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("message").asText()).isEqualTo("expected 2 but was 3");
        assertThat(failed.get("details").asText()).contains("AddTest.java:12");

        // the live workspace is never touched by a build
        assertThat(alice.get("/api/v1/workspaces/" + ws + "/files/src/made-by-build.txt").status()).isEqualTo(404);
        JsonNode history = alice.get("/api/v1/workspaces/" + ws + "/builds").json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void aFailingPreBuildSkipsBuildButRunsFinally() throws Exception {
        TestClient bob = client("bob");
        long ws = workspace(bob, "fails", null);
        long id = start(bob, ws, """
                version: 0.2
                phases:
                  pre_build:
                    commands:
                      - echo before
                      - exit 3
                      - echo never-after-failure
                    finally:
                      - echo finally-ran
                  build:
                    commands:
                      - echo build-ran
                  post_build:
                    commands:
                      - echo post-build-ran
                """);
        JsonNode build = awaitEnd(bob, id, Duration.ofSeconds(60));
        String log = log(bob, id);
        assertThat(build.get("status").asText()).as(log).isEqualTo("FAILED");
        assertThat(log).contains("before", "finally-ran").doesNotContain("never-after-failure", "build-ran\n", "post-build-ran\n");
        assertThat(build.get("message").asText()).contains("PRE_BUILD").contains("exit status 3");
        List<String> phases = new ArrayList<>();
        build.get("phases").forEach(p -> phases.add(p.get("name").asText() + ":" + p.get("status").asText()));
        assertThat(phases).contains("PRE_BUILD:FAILED").noneMatch(p -> p.startsWith("BUILD:"));
    }

    @Test
    void onFailureContinueRunsTheNextPhaseAndAFailedBuildStillRunsPostBuild() throws Exception {
        TestClient bob = client("bob");
        long ws = workspace(bob, "continues", null);
        long id = start(bob, ws, """
                version: 0.2
                phases:
                  install:
                    on-failure: CONTINUE
                    commands:
                      - echo install-failing
                      - exit 4
                  pre_build:
                    commands:
                      - echo "pre-build-ran-after-continue"
                  build:
                    commands:
                      - exit 5
                  post_build:
                    commands:
                      - echo "post-build-succeeding=$CODEBUILD_BUILD_SUCCEEDING"
                """);
        JsonNode build = awaitEnd(bob, id, Duration.ofSeconds(60));
        String log = log(bob, id);
        assertThat(build.get("status").asText()).as(log).isEqualTo("FAILED");
        assertThat(log).contains("pre-build-ran-after-continue\n", "post-build-succeeding=0\n");
        List<String> phases = new ArrayList<>();
        build.get("phases").forEach(p -> phases.add(p.get("name").asText() + ":" + p.get("status").asText()));
        assertThat(phases).containsSubsequence("INSTALL:FAILED", "PRE_BUILD:SUCCEEDED", "BUILD:FAILED", "POST_BUILD:SUCCEEDED");
    }

    @Test
    void anInvalidBuildspecIsRefusedWithLineAndColumnAndNothingRuns() {
        TestClient carol = client("carol");
        long ws = workspace(carol, "invalid", null);
        TestClient.Response unknownKey = startRaw(carol, ws, """
                version: 0.2
                phases:
                  build:
                    comands:
                      - echo typo
                """, null);
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(unknownKey.json().get("error").asText()).isEqualTo("invalid_buildspec");
        assertThat(unknownKey.json().get("message").asText()).contains("line 4, column 5").contains("unknown key 'comands'");
        TestClient.Response wrongType = startRaw(carol, ws, "version: 0.2\nphases:\n  build:\n    commands: {a: b}\n", null);
        assertThat(wrongType.json().get("message").asText()).contains("line 4, column 15").contains("list of strings");
        TestClient.Response missing = startRaw(carol, ws, null, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asText()).contains("no buildspec.yml");
        assertThat(carol.get("/api/v1/workspaces/" + ws + "/builds").json()).isEmpty();
    }

    @Test
    void stopAndTimeoutKillEveryProcess() throws Exception {
        TestClient dave = client("dave");
        long ws = workspace(dave, "long", null);
        long stopped = start(dave, ws, """
                version: 0.2
                phases:
                  build:
                    commands:
                      - (sleep 4711 &) ; sleep 4712 & sleep 4713
                """);
        awaitStatus(dave, stopped, "IN_PROGRESS", Duration.ofSeconds(30));
        awaitProcesses("sleep 4713");
        awaitProcesses("sleep 4711");
        assertThat(dave.post("/api/v1/builds/" + stopped + "/stop", "").status()).isEqualTo(200);
        JsonNode build = awaitEnd(dave, stopped, Duration.ofSeconds(20));
        assertThat(build.get("status").asText()).isEqualTo("STOPPED");
        assertThat(processesWith("sleep 471")).isEmpty();

        TestClient.Response timed = startRaw(dave, ws, """
                version: 0.2
                phases:
                  build:
                    commands:
                      - (sleep 4721 &) ; sleep 4722
                """, 2);
        long timedId = timed.json().get("id").asLong();
        build = awaitEnd(dave, timedId, Duration.ofSeconds(30));
        assertThat(build.get("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(build.get("timeoutSeconds").asInt()).isEqualTo(2);
        assertThat(processesWith("sleep 472")).isEmpty();
    }

    @Test
    void allPhasesRunInOneShellWhoseBackgroundProcessesEndWithTheCommandPhases() throws Exception {
        TestClient gina = client("gina");
        long ws = workspace(gina, "oneshell", null);
        long id = start(gina, ws, """
                version: 0.2
                env:
                  exported-variables:
                    - FROM_PRE_BUILD
                phases:
                  install:
                    commands:
                      - mkdir -p deeper && cd deeper
                      - sleep 4741 &
                      - echo "install-shell-$$"
                  pre_build:
                    commands:
                      - export FROM_PRE_BUILD=pre-$CODEBUILD_BUILD_NUMBER
                      - NOT_EXPORTED=shell-variable
                      - say() { echo "said $1"; }
                    finally:
                      - echo "finally-shell-$$"
                  build:
                    commands:
                      - echo "build-shell-$$ $FROM_PRE_BUILD $NOT_EXPORTED in $(basename $PWD)"
                      - say hello
                      - kill -0 $! && echo background-still-running
                """);
        JsonNode build = awaitEnd(gina, id, Duration.ofSeconds(60));
        String log = log(gina, id);
        assertThat(build.get("status").asText()).as(log).isEqualTo("SUCCEEDED");
        String shell = log.substring(log.indexOf("\ninstall-shell-") + 15).split("\n")[0];
        assertThat(log).contains("finally-shell-" + shell + "\n")
                .contains("build-shell-" + shell + " pre-1 shell-variable in deeper\n")
                .contains("said hello\n", "background-still-running\n")
                .doesNotContain("tandem-step-end");
        assertThat(build.get("exportedVariables").get("FROM_PRE_BUILD").asText()).isEqualTo("pre-1");
        // the shell and what it left running ended with the command phases
        assertThat(processesWith("sleep 4741")).isEmpty();
    }

    @Test
    void twoBuildsRunAtOnceAndAThirdQueues() throws Exception {
        TestClient erin = client("erin");
        long ws = workspace(erin, "queue", null);
        String spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - sleep 4731\n";
        long first = start(erin, ws, spec);
        long second = start(erin, ws, spec);
        long third = start(erin, ws, spec);
        awaitStatus(erin, first, "IN_PROGRESS", Duration.ofSeconds(30));
        awaitStatus(erin, second, "IN_PROGRESS", Duration.ofSeconds(30));
        JsonNode queued = build(erin, third);
        assertThat(queued.get("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.get("queuePosition").asInt()).isEqualTo(1);
        erin.post("/api/v1/builds/" + first + "/stop", "");
        awaitStatus(erin, third, "IN_PROGRESS", Duration.ofSeconds(30));
        erin.post("/api/v1/builds/" + second + "/stop", "");
        erin.post("/api/v1/builds/" + third + "/stop", "");
        assertThat(awaitEnd(erin, third, Duration.ofSeconds(20)).get("status").asText()).isEqualTo("STOPPED");
    }

    @Test
    void viewersSeeBuildsButCannotStartThemAndStrangersSeeNothing() {
        TestClient frank = client("frank");
        long ws = workspace(frank, "roles", null);
        client("viewer1");
        frank.post("/api/v1/workspaces/" + ws + "/members", "{\"username\":\"viewer1\",\"role\":\"viewer\"}");
        TestClient viewer = client("viewer1");
        String spec = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n";
        assertThat(startRaw(viewer, ws, spec, null).status()).isEqualTo(403);
        long id = start(frank, ws, spec);
        assertThat(viewer.get("/api/v1/builds/" + id).status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/builds/" + id + "/stop", "").status()).isEqualTo(403);
        TestClient stranger = client("stranger1");
        assertThat(stranger.get("/api/v1/builds/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/builds/" + id + "/log").status()).isEqualTo(404);
        assertThat(startRaw(stranger, ws, spec, null).status()).isEqualTo(404);
    }

    private static List<String> zipEntries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        names.sort(null);
        return names;
    }
}
