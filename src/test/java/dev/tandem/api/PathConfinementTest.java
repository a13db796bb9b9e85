package dev.tandem.api;

import static dev.tandem.api.FileApiTest.bytes;
import static dev.tandem.api.FileApiTest.unzip;
import static dev.tandem.api.WorkspaceApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way out of a workspace a client might try, through the URL, query parameters, JSON bodies,
 * upload file names and symbolic links: each is a 400, and nothing outside is read or written.
 */
class PathConfinementTest extends ApiTestBase {

    private static final String SECRET = "top secret";

    ApiClient owner;
    long id;
    String base;
    Path outside;
    Map<String, String> outsideBefore;
    Map<String, String> workspaceBefore;

    @BeforeEach
    void setUp() throws IOException {
        owner = client("confined-owner");
        id = createWorkspace(owner, "Confined");
        base = "/api/v1/workspaces/" + id;
        owner.put(base + "/files/inside.txt", bytes("inside"));
        // A neighbour of the workspace folder, as another workspace or the database would be.
        outside = properties.workspacesDir().resolve("outside-" + id);
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(dir(id).resolve("escape"), outside);
        Files.createSymbolicLink(dir(id).resolve("secret-link"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir(id).resolve("dangling"), outside.resolve("not-there"));
        outsideBefore = snapshot(outside);
        workspaceBefore = snapshot(dir(id));
    }

    @Test
    void traversalInTheUrlPathIs400ForEveryMethod() {
        List<String> paths = List.of(
                "../outside-" + id + "/secret.txt",
                "a/../../outside-" + id + "/secret.txt",
                "..%2foutside-" + id + "%2fsecret.txt",
                "..%2Foutside-" + id + "%2Fsecret.txt",
                "%2e%2e/outside-" + id + "/secret.txt",
                "%2E%2E/%2E%2E/etc/passwd",
                "%252e%252e/outside-" + id + "/secret.txt",
                "%252e%252e%252fetc%252fpasswd",
                "%2Fetc%2Fpasswd",
                "/etc/passwd",
                "a%5C..%5C..%5Csecret.txt",
                "a%00b",
                "escape/secret.txt",
                "escape/new.txt",
                "secret-link",
                "dangling");
        for (String path : paths) {
            String url = base + "/files/" + path;
            assertThat(owner.get(url).status()).as("GET " + path).isEqualTo(400);
            assertThat(owner.put(url, bytes("evil")).status()).as("PUT " + path).isEqualTo(400);
            if (!path.equals("secret-link") && !path.equals("dangling")) {
                assertThat(owner.delete(url).status()).as("DELETE " + path).isEqualTo(400);
            }
        }
        assertNothingChanged();
    }

    @Test
    void traversalInParametersAndBodiesIs400() {
        List<String> bad = List.of("..", "../outside-" + id, "a/../../x", "/etc", "a\\\\..\\\\b", "a\\u0000b",
                "%2e%2e/x", "..%2fx", "%252e%252e", "escape", "escape/secret.txt", "escape/sub/new", "C:/windows");
        for (String path : bad) {
            String query = java.net.URLEncoder.encode(path.replace("\\\\", "\\").replace("\\u0000", "\u0000"),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertError(owner.get(base + "/tree?path=" + query), 400);
            assertError(owner.get(base + "/stat?path=" + query), 400);
            assertError(owner.get(base + "/zip?path=" + query), 400);
            assertError(owner.post(base + "/files:mkdir", "{\"path\":\"" + path + "\"}"), 400);
            assertError(owner.post(base + "/files:move", "{\"from\":\"inside.txt\",\"to\":\"" + path + "/evil.txt\"}"), 400);
            assertError(owner.post(base + "/files:move", "{\"from\":\"" + path + "\",\"to\":\"stolen\"}"), 400);
            Multipart upload = new Multipart().file("evil.txt", bytes("evil"));
            assertError(owner.send("POST", base + "/upload?dir=" + query,
                    BodyPublishers.ofByteArray(upload.body()), upload.contentType()), 400);
        }
        for (String name : List.of("../evil.txt", "../../evil.txt", "/tmp/evil.txt", "a\\..\\..\\evil.txt", "escape/evil.txt")) {
            Multipart upload = new Multipart().file("good.txt", bytes("good")).file(name, bytes("evil"));
            assertError(owner.send("POST", base + "/upload",
                    BodyPublishers.ofByteArray(upload.body()), upload.contentType()), 400);
        }
        assertNothingChanged();
    }

    @Test
    void linksAreNeverFollowedOutsideButCanBeRemoved() throws IOException {
        assertThat(owner.get(base + "/tree").status()).isEqualTo(200);
        assertThat(unzip(owner.get(base + "/zip").body())).containsOnlyKeys("inside.txt");
        assertThat(owner.get(base + "/zip").text()).doesNotContain(SECRET);

        // Deleting a link removes the link, never what it points to.
        assertThat(owner.delete(base + "/files/secret-link").status()).isEqualTo(204);
        assertThat(owner.delete(base + "/files/escape").status()).isEqualTo(204);
        assertThat(dir(id).resolve("escape")).doesNotExist();
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);

        // A link that stays inside the workspace works.
        Files.createSymbolicLink(dir(id).resolve("alias.txt"), dir(id).resolve("inside.txt"));
        assertThat(owner.get(base + "/files/alias.txt").text()).isEqualTo("inside");
    }

    @Test
    void deletingAWorkspaceDoesNotFollowLinksOut() {
        assertThat(owner.delete(base).status()).isEqualTo(204);
        assertThat(dir(id)).doesNotExist();
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    }

    private void assertNothingChanged() {
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
        assertThat(snapshot(dir(id))).isEqualTo(workspaceBefore);
        try (Stream<Path> all = Files.walk(properties.home())) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("evil") || n.contains("stolen"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
