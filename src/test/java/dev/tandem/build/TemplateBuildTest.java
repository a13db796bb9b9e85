package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every template builds to SUCCEEDED with its JUnit report counted, through the real sandbox; a
 * failing test fails the build and is listed; the cache makes the second Maven build download
 * nothing. Slow (Maven downloads into an empty cache), so all templates share one run.
 */
class TemplateBuildTest extends BuildTestBase {

    private static final Pattern JARS = Pattern.compile("cached-jars=(\\d+)");

    @Test
    void everyTemplateBuildsAndAFailingTestFailsTheBuildAndTheCacheIsUsed() throws Exception {
        TestClient owner = client("templates");
        Map<String, Long> builds = new LinkedHashMap<>();
        Map<String, Long> workspaces = new LinkedHashMap<>();
        for (String template : new String[] {"java-maven", "node-express", "python-flask", "static-site", "spring-boot-web"}) {
            long ws = workspace(owner, template, template);
            workspaces.put(template, ws);
            builds.put(template, start(owner, ws, withJarCount(spec(owner, ws))));
        }
        for (var entry : builds.entrySet()) {
            JsonNode build = awaitEnd(owner, entry.getValue(), Duration.ofMinutes(15));
            String log = log(owner, entry.getValue());
            assertThat(build.get("status").asText()).as(entry.getKey() + "\n" + log).isEqualTo("SUCCEEDED");
            assertThat(build.get("tests").get("total").asInt()).as(entry.getKey()).isPositive();
            assertThat(build.get("tests").get("failed").asInt()).as(entry.getKey()).isZero();
            assertThat(build.get("artifactsSize").asLong()).as(entry.getKey()).isPositive();
        }

        // The second java-maven build finds the first one's downloads in its cache.
        long javaWs = workspaces.get("java-maven");
        JsonNode first = build(owner, builds.get("java-maven"));
        assertThat(jarCount(log(owner, first.get("id").asLong()))).isZero();
        long secondId = start(owner, javaWs, withJarCount(spec(owner, javaWs)));
        JsonNode second = awaitEnd(owner, secondId, Duration.ofMinutes(10));
        String secondLog = log(owner, secondId);
        assertThat(second.get("status").asText()).as(secondLog).isEqualTo("SUCCEEDED");
        assertThat(jarCount(secondLog)).isPositive();
        assertThat(secondLog).contains("Restored 1 cached folder(s)").doesNotContain("Downloaded from");
        assertThat(phase(second, "BUILD")).isLessThan(phase(first, "BUILD"));

        // A failing test fails the build, and the report lists it.
        write(owner, javaWs, "src/test/java/com/example/app/BrokenTest.java", """
                package com.example.app;

                import static org.junit.jupiter.api.Assertions.assertEquals;
                import org.junit.jupiter.api.Test;

                class BrokenTest {
                    @Test
                    void arithmeticIsBroken() {
                        assertEquals(5, 2 + 2, "two and two");
                    }
                }
                """);
        long failedId = start(owner, javaWs, null);
        JsonNode failed = awaitEnd(owner, failedId, Duration.ofMinutes(10));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("tests").get("failed").asInt()).isEqualTo(1);
        JsonNode firstCase = owner.get("/api/v1/builds/" + failedId + "/reports").json().get(0).get("cases").get(0);
        assertThat(firstCase.get("name").asText()).contains("arithmeticIsBroken");
        assertThat(firstCase.get("status").asText()).isEqualTo("FAILED");
        assertThat(firstCase.get("message").asText()).contains("two and two");
    }

    private String spec(TestClient owner, long ws) {
        return new String(owner.get("/api/v1/workspaces/" + ws + "/files/buildspec.yml").body(), StandardCharsets.UTF_8);
    }

    /** The template's buildspec with a first install command that counts the jars already in the Maven cache. */
    private static String withJarCount(String spec) {
        return spec.replaceFirst("(?m)^  install:\\n    commands:\\n", Matcher.quoteReplacement(
                "  install:\n    commands:\n      - echo \"cached-jars=$(find ~/.m2 -name '*.jar' 2>/dev/null | wc -l)\"\n"));
    }

    private static int jarCount(String log) {
        Matcher m = JARS.matcher(log);
        assertThat(m.find()).as(log).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static long phase(JsonNode build, String name) {
        for (JsonNode p : build.get("phases")) {
            if (p.get("name").asText().equals(name)) {
                return p.get("durationMillis").asLong();
            }
        }
        throw new AssertionError("no phase " + name);
    }
}
