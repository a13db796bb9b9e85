package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceApiTest extends ApiTestBase {

    @Test
    void createListGetRenameDelete() {
        ApiClient alice = client("ws-alice");
        ApiClient.Response created = alice.post("/api/v1/workspaces", "{\"name\":\"  Demo  \"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        long id = body.get("id").asLong();
        assertThat(body.get("name").asText()).isEqualTo("Demo");
        assertThat(body.get("role").asText()).isEqualTo("owner");
        assertThat(body.get("template").isNull()).isTrue();
        assertThat(created.header("Location")).isEqualTo("/api/v1/workspaces/" + id);
        assertThat(Files.isDirectory(dir(id))).isTrue();

        JsonNode list = alice.get("/api/v1/workspaces").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asLong()).isEqualTo(id);

        ApiClient.Response renamed = alice.patch("/api/v1/workspaces/" + id, "{\"name\":\"Renamed\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(alice.get("/api/v1/workspaces/" + id).json().get("name").asText()).isEqualTo("Renamed");

        assertThat(alice.delete("/api/v1/workspaces/" + id).status()).isEqualTo(204);
        assertThat(Files.exists(dir(id))).isFalse();
        assertThat(alice.get("/api/v1/workspaces/" + id).status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/workspaces").json()).isEmpty();
    }

    @Test
    void createFromTemplateCopiesItsFilesWithDotFilesAndScriptsExecutable() throws Exception {
        ApiClient bob = client("ws-bob");
        JsonNode templates = bob.get("/api/v1/templates").json();
        List<String> names = new ArrayList<>();
        templates.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).contains("tiny", "java-maven");
        templates.forEach(t -> {
            if (t.get("name").asText().equals("java-maven")) {
                assertThat(t.get("title").asText()).isEqualTo("Java (Maven)");
            }
            if (t.get("name").asText().equals("tiny")) {
                assertThat(t.get("title").asText()).isEqualTo("tiny");
            }
        });

        ApiClient.Response created = bob.post("/api/v1/workspaces", "{\"name\":\"From tiny\",\"template\":\"tiny\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("template").asText()).isEqualTo("tiny");
        Path dir = dir(created.json().get("id").asLong());
        assertThat(dir.resolve("src/hello.txt")).hasContent("hello");
        assertThat(dir.resolve(".gitignore")).exists();
        assertThat(Files.isExecutable(dir.resolve("run.sh"))).isTrue();
        assertThat(Files.isExecutable(dir.resolve("README.md"))).isFalse();
    }

    @Test
    void createFromTheJavaMavenTemplate() {
        ApiClient grace = client("ws-grace");
        ApiClient.Response created = grace.post("/api/v1/workspaces", "{\"name\":\"Java\",\"template\":\"java-maven\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Path dir = dir(created.json().get("id").asLong());
        assertThat(dir.resolve("pom.xml")).exists();
        assertThat(dir.resolve("buildspec.yml")).exists();
        assertThat(dir.resolve(".gitignore")).exists();
        assertThat(dir.resolve("src/main/java/com/example/app/App.java")).exists();
    }

    @Test
    void badCreateRequestsAre400AndCreateNothing() {
        ApiClient carol = client("ws-carol");
        assertError(carol.post("/api/v1/workspaces", "{\"name\":\"x\",\"template\":\"no-such\"}"), 400);
        assertError(carol.post("/api/v1/workspaces", "{\"name\":\"   \"}"), 400);
        assertError(carol.post("/api/v1/workspaces", "{\"name\":\"" + "n".repeat(101) + "\"}"), 400);
        assertError(carol.post("/api/v1/workspaces", "{\"name\": \"broken"), 400);
        assertError(carol.post("/api/v1/workspaces", "[1, 2]"), 400);
        assertError(carol.post("/api/v1/workspaces", ""), 400);
        assertThat(carol.get("/api/v1/workspaces").json()).isEmpty();
    }

    @Test
    void membersAndRoles() {
        ApiClient owner = client("ws-owner");
        long id = createWorkspace(owner, "Team");
        ApiClient dave = client("ws-dave");
        ApiClient erin = client("ws-erin");

        addMember(owner, id, "ws-dave", "editor");
        addMember(owner, id, "ws-erin", "viewer");
        JsonNode members = owner.get("/api/v1/workspaces/" + id + "/members").json();
        assertThat(members.toString())
                .isEqualTo("[{\"username\":\"ws-dave\",\"role\":\"editor\"},{\"username\":\"ws-erin\",\"role\":\"viewer\"},"
                        + "{\"username\":\"ws-owner\",\"role\":\"owner\"}]");
        assertThat(erin.get("/api/v1/workspaces/" + id).json().get("role").asText()).isEqualTo("viewer");
        assertThat(erin.get("/api/v1/workspaces/" + id + "/members").status()).isEqualTo(200);

        // Only owners manage.
        assertError(dave.post("/api/v1/workspaces/" + id + "/members", "{\"username\":\"ws-erin\",\"role\":\"owner\"}"), 403);
        assertError(dave.patch("/api/v1/workspaces/" + id, "{\"name\":\"Mine\"}"), 403);
        assertError(dave.delete("/api/v1/workspaces/" + id), 403);
        assertError(erin.delete("/api/v1/workspaces/" + id + "/members/ws-dave"), 403);
        assertThat(owner.get("/api/v1/workspaces/" + id).json().get("name").asText()).isEqualTo("Team");

        // The last owner can be neither demoted nor removed; with a second owner both work.
        assertError(owner.post("/api/v1/workspaces/" + id + "/members", "{\"username\":\"ws-owner\",\"role\":\"editor\"}"), 409);
        assertError(owner.delete("/api/v1/workspaces/" + id + "/members/ws-owner"), 409);
        addMember(owner, id, "ws-dave", "owner");
        assertThat(owner.post("/api/v1/workspaces/" + id + "/members", "{\"username\":\"ws-owner\",\"role\":\"viewer\"}").status())
                .isEqualTo(200);
        assertError(owner.patch("/api/v1/workspaces/" + id, "{\"name\":\"Demoted\"}"), 403);

        // A member may leave; afterwards the workspace is invisible to them.
        assertThat(erin.delete("/api/v1/workspaces/" + id + "/members/ws-erin").status()).isEqualTo(204);
        assertError(erin.get("/api/v1/workspaces/" + id), 404);

        // Bad member requests.
        assertError(dave.post("/api/v1/workspaces/" + id + "/members", "{\"username\":\"nobody-here\",\"role\":\"viewer\"}"), 404);
        assertError(dave.post("/api/v1/workspaces/" + id + "/members", "{\"username\":\"ws-erin\",\"role\":\"admin\"}"), 400);
        assertError(dave.post("/api/v1/workspaces/" + id + "/members", "{\"role\":\"viewer\"}"), 400);
        assertError(dave.delete("/api/v1/workspaces/" + id + "/members/ws-erin"), 404);
    }

    @Test
    void unknownWorkspaceAndNonMemberAre404ForEveryCall() {
        ApiClient owner = client("ws-frank");
        ApiClient stranger = client("ws-stranger");
        long id = createWorkspace(owner, "Private");
        for (long target : new long[] {id, 987654}) {
            String base = "/api/v1/workspaces/" + target;
            assertError(stranger.get(base), 404);
            assertError(stranger.patch(base, "{\"name\":\"x\"}"), 404);
            assertError(stranger.delete(base), 404);
            assertError(stranger.get(base + "/members"), 404);
            assertError(stranger.post(base + "/members", "{\"username\":\"ws-stranger\",\"role\":\"owner\"}"), 404);
            assertError(stranger.get(base + "/tree"), 404);
            assertError(stranger.get(base + "/files/a.txt"), 404);
            assertError(stranger.put(base + "/files/a.txt", new byte[] {1}), 404);
            assertError(stranger.delete(base + "/files/a.txt"), 404);
            assertError(stranger.get(base + "/zip"), 404);
        }
        assertThat(stranger.get("/api/v1/workspaces").json()).isEmpty();
        assertError(stranger.get("/api/v1/workspaces/not-a-number"), 400);
    }

    @Test
    void openApiDocumentListsTheEndpoints() {
        JsonNode doc = client("ws-docs").get("/api/v1/openapi").json();
        assertThat(doc.get("info").get("title").asText()).isEqualTo("Tandem API");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/v1/workspaces")).isTrue();
        assertThat(paths.get("/api/v1/workspaces").has("post")).isTrue();
        assertThat(paths.get("/api/v1/workspaces/{id}").has("delete")).isTrue();
        assertThat(paths.get("/api/v1/workspaces/{id}").has("patch")).isTrue();
        assertThat(paths.get("/api/v1/workspaces/{id}/members").has("post")).isTrue();
        assertThat(paths.has("/api/v1/workspaces/{id}/members/{username}")).isTrue();
        assertThat(paths.has("/api/v1/workspaces/{id}/tree")).isTrue();
        JsonNode files = paths.get("/api/v1/workspaces/{id}/files/{path}");
        assertThat(files.has("get") && files.has("put") && files.has("delete")).isTrue();
        assertThat(paths.has("/api/v1/workspaces/{id}/files:move")).isTrue();
        assertThat(paths.has("/api/v1/workspaces/{id}/upload")).isTrue();
        assertThat(paths.has("/api/v1/workspaces/{id}/zip")).isTrue();
        assertThat(paths.has("/api/v1/templates")).isTrue();
    }

    static void assertError(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.hasNonNull("error")).as(response.toString()).isTrue();
        assertThat(body.hasNonNull("message")).as(response.toString()).isTrue();
    }
}
