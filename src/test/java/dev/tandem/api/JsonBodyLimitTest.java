package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** JSON request bodies have a size limit: larger ones get a JSON 413 and change nothing. */
class JsonBodyLimitTest extends ApiTestBase {

    static final int LIMIT = 4096;

    @DynamicPropertySource
    static void limit(DynamicPropertyRegistry registry) {
        registry.add("tandem.api.max-json-size", () -> LIMIT + "B");
    }

    /** Valid JSON for a new workspace, padded with whitespace to {@code size} bytes. */
    static String workspaceJson(String name, int size) {
        String json = "{\"name\":\"" + name + "\"}";
        return json.substring(0, json.length() - 1) + " ".repeat(Math.max(0, size - json.length())) + "}";
    }

    int workspaceCount(ApiClient client) {
        ApiClient.Response list = client.get("/api/v1/workspaces");
        assertThat(list.status()).isEqualTo(200);
        return list.json().size();
    }

    @Test
    void aBodyOverTheLimitWithItsLengthDeclaredIsRefusedWith413() {
        ApiClient alice = client("json-limit-alice");
        int before = workspaceCount(alice);

        ApiClient.Response refused = alice.post("/api/v1/workspaces", workspaceJson("too-big", LIMIT + 1));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().get("error").asText()).isEqualTo("too_large");
        assertThat(workspaceCount(alice)).isEqualTo(before);
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() {
        ApiClient bob = client("json-limit-bob");
        int before = workspaceCount(bob);
        byte[] body = workspaceJson("chunked", 4 * LIMIT).getBytes(StandardCharsets.UTF_8);

        // No Content-Length: the body arrives chunked, so only counting while reading can stop it.
        ApiClient.Response refused = bob.send("POST", "/api/v1/workspaces",
                BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(body)), "application/json");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().get("error").asText()).isEqualTo("too_large");
        assertThat(workspaceCount(bob)).isEqualTo(before);
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        ApiClient carol = client("json-limit-carol");

        ApiClient.Response created = carol.post("/api/v1/workspaces", workspaceJson("fits", LIMIT));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("fits");
    }
}
