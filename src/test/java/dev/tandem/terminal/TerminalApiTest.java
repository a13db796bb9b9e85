package dev.tandem.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.workspace.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The REST side of terminals: list, open, rename, make private, close; roles checked. */
class TerminalApiTest extends TerminalTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void openRenameShareAndCloseThroughTheApi() throws Exception {
        String owner = newUser("owner");
        String viewer = newUser("viewer");
        long ws = newWorkspace(owner);
        addMember(owner, ws, viewer, Role.VIEWER);
        String ownerToken = bearer(owner).get("Authorization");
        String viewerToken = bearer(viewer).get("Authorization");
        String base = "/api/v1/workspaces/" + ws + "/terminals";

        HttpResponse<String> opened = send(ownerToken, "POST", base, "{\"name\":\"build\",\"cols\":100,\"rows\":30}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        JsonNode info = JSON.readTree(opened.body());
        String id = info.path("id").asText();
        assertThat(info.path("name").asText()).isEqualTo("build");
        assertThat(info.path("cols").asInt()).isEqualTo(100);
        assertThat(info.path("shared").asBoolean()).isTrue();

        assertThat(send(viewerToken, "POST", base, "{}").statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(send(viewerToken, "GET", base, null).body()).findValuesAsText("id")).containsExactly(id);
        assertThat(send(viewerToken, "DELETE", base + "/" + id, null).statusCode()).isEqualTo(403);
        assertThat(send(ownerToken, "PATCH", base + "/" + id, "{\"name\":\"\\u0007\"}").statusCode()).isEqualTo(400);

        HttpResponse<String> renamed = send(ownerToken, "PATCH", base + "/" + id, "{\"name\":\"tests\",\"shared\":false}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(JSON.readTree(renamed.body()).path("name").asText()).isEqualTo("tests");
        assertThat(JSON.readTree(send(viewerToken, "GET", base, null).body())).isEmpty();

        assertThat(send(ownerToken, "DELETE", base + "/" + id, null).statusCode()).isEqualTo(204);
        waitUntil(() -> terminals.list(owner, ws).isEmpty(), WAIT);
        assertThat(terminals.list(owner, ws)).isEmpty();
        HttpResponse<String> gone = send(ownerToken, "DELETE", base + "/" + id, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("error").asText()).isEqualTo("not_found");
    }

    private HttpResponse<String> send(String authorization, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
