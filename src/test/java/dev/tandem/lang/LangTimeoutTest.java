package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Work for a workspace is bounded in time: with a request timeout far too short for any compilation. */
class LangTimeoutTest extends LangApplicationTest {

    @DynamicPropertySource
    static void shortRequestTimeout(DynamicPropertyRegistry registry) {
        registry.add("tandem.lang.request-timeout", () -> "1ms");
    }

    @Test
    void problemsThatAlwaysRunOutOfTimeAreTriedOnceMoreThenReportedAndTheWorkerIsFree() throws Exception {
        // A new name each time: a failed test runs once more.
        String user = "slow" + System.nanoTime();
        users.create(user, "password-" + user, false);
        long ws = workspaces.create(user, "ws-" + user, null).id();
        StringBuilder text = new StringBuilder("public class Big {\n");
        for (int i = 0; i < 400; i++) {
            text.append("    int m").append(i).append("(int a) {\n        return a * ").append(i).append(" + \"x\".length();\n    }\n");
        }
        text.append("}\n");
        String path = "src/Big.java";
        files.write(user, ws, path, new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
        try (var lsp = new LspClient(port, ws, tokens.create(user, "t").token())) {
            lsp.initialize();
            lsp.open(path, text.toString());
            lsp.change(path, 2, text.toString().replace("m0(", "n0("));
            JsonNode diags = lsp.diagnostics(path, 2);
            assertThat(diags).as(diags.toString()).hasSize(1);
            assertThat(diags.get(0).path("severity").asInt()).isEqualTo(3);
            assertThat(diags.get(0).path("message").asText()).contains("took longer than");

            // Not tried again and again: the workspace's worker goes idle.
            OpenProject project = lang.acquire(user, ws);
            try {
                Thread.sleep(500);
                for (int i = 0; i < 10; i++) {
                    assertThat(project.workerTasks()).isZero();
                    Thread.sleep(50);
                }
            } finally {
                lang.release(project);
            }
            // Any request runs out of time the same way and gets an error; the session goes on.
            JsonNode hover = lsp.request("textDocument/hover", java.util.Map.of("textDocument", java.util.Map.of("uri", LspClient.uri(path)),
                    "position", java.util.Map.of("line", 2, "character", 30)));
            assertThat(hover.path("error").path("code").asInt()).isEqualTo(-32800);
        }
    }
}
