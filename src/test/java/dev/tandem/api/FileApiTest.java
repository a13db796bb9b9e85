package dev.tandem.api;

import static dev.tandem.api.WorkspaceApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class FileApiTest extends ApiTestBase {

    @Test
    void writeReadListMoveAndDelete() {
        ApiClient owner = client("files-owner");
        long id = createWorkspace(owner, "Files");
        String base = "/api/v1/workspaces/" + id;

        ApiClient.Response written = owner.put(base + "/files/a/b/c.txt", bytes("hello"));
        assertThat(written.status()).as(written.toString()).isEqualTo(200);
        assertThat(written.json().get("path").asText()).isEqualTo("a/b/c.txt");
        assertThat(written.json().get("size").asLong()).isEqualTo(5);
        assertThat(dir(id).resolve("a/b/c.txt")).hasContent("hello");

        ApiClient.Response read = owner.get(base + "/files/a/b/c.txt");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text()).isEqualTo("hello");
        assertThat(read.header("Content-Type")).startsWith("text/plain");
        assertThat(read.header("Content-Security-Policy")).contains("sandbox");
        assertThat(owner.get(base + "/files/page.json").status()).isEqualTo(404);

        owner.put(base + "/files/Zeta.txt", bytes("z"));
        owner.put(base + "/files/alpha.txt", bytes("a"));
        assertThat(names(owner.get(base + "/tree").json())).containsExactly("a", "alpha.txt", "Zeta.txt");
        assertThat(owner.get(base + "/tree?path=a").json().get(0).get("directory").asBoolean()).isTrue();
        assertThat(names(owner.get(base + "/tree?path=a/b").json())).containsExactly("c.txt");
        assertError(owner.get(base + "/tree?path=alpha.txt"), 400);
        assertError(owner.get(base + "/tree?path=missing"), 404);

        // Replace keeps one file with the new content.
        owner.put(base + "/files/alpha.txt", bytes("second"));
        assertThat(owner.get(base + "/files/alpha.txt").text()).isEqualTo("second");

        assertThat(owner.post(base + "/files:mkdir", "{\"path\":\"docs\"}").status()).isEqualTo(201);
        assertError(owner.post(base + "/files:mkdir", "{\"path\":\"docs\"}"), 409);
        ApiClient.Response moved = owner.post(base + "/files:move", "{\"from\":\"a/b/c.txt\",\"to\":\"docs/c.txt\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(dir(id).resolve("docs/c.txt")).hasContent("hello");
        assertError(owner.get(base + "/files/a/b/c.txt"), 404);
        assertError(owner.post(base + "/files:move", "{\"from\":\"alpha.txt\",\"to\":\"Zeta.txt\"}"), 409);
        assertError(owner.post(base + "/files:move", "{\"from\":\"docs\",\"to\":\"docs/inner\"}"), 400);
        assertError(owner.post(base + "/files:move", "{\"from\":\"nothing\",\"to\":\"x\"}"), 404);
        assertError(owner.post(base + "/files:move", "{\"from\": \"alpha.txt\""), 400);

        assertError(owner.put(base + "/files/docs", bytes("over a folder")), 409);
        assertError(owner.put(base + "/files/alpha.txt/below", bytes("under a file")), 409);
        assertError(owner.get(base + "/files/docs"), 400);
        assertError(owner.delete(base + "/files/"), 400);

        assertThat(owner.delete(base + "/files/a").status()).isEqualTo(204);
        assertThat(dir(id).resolve("a")).doesNotExist();
        assertError(owner.delete(base + "/files/a"), 404);
        assertThat(names(owner.get(base + "/tree").json())).containsExactly("docs", "alpha.txt", "Zeta.txt");
    }

    @Test
    void viewerReadsButEveryWriteIs403AndChangesNothing() {
        ApiClient owner = client("files-owner2");
        long id = createWorkspace(owner, "Read only");
        String base = "/api/v1/workspaces/" + id;
        owner.put(base + "/files/src/App.java", bytes("class App {}"));
        addMember(owner, id, "files-viewer", "viewer");
        ApiClient viewer = client("files-viewer");
        Map<String, String> before = snapshot(dir(id));

        assertThat(viewer.get(base + "/files/src/App.java").text()).isEqualTo("class App {}");
        assertThat(names(viewer.get(base + "/tree").json())).containsExactly("src");
        assertThat(viewer.get(base + "/zip").status()).isEqualTo(200);

        assertError(viewer.put(base + "/files/src/App.java", bytes("hacked")), 403);
        assertError(viewer.put(base + "/files/new.txt", bytes("new")), 403);
        assertError(viewer.delete(base + "/files/src/App.java"), 403);
        assertError(viewer.delete(base + "/files/src"), 403);
        assertError(viewer.post(base + "/files:move", "{\"from\":\"src\",\"to\":\"moved\"}"), 403);
        assertError(viewer.post(base + "/files:mkdir", "{\"path\":\"made\"}"), 403);
        Multipart upload = new Multipart().file("up.txt", bytes("up"));
        assertError(viewer.send("POST", base + "/upload", BodyPublishers.ofByteArray(upload.body()), upload.contentType()), 403);

        assertThat(snapshot(dir(id))).isEqualTo(before);
    }

    @Test
    void uploadOfManyFilesIntoAFolder() {
        ApiClient owner = client("files-uploader");
        long id = createWorkspace(owner, "Uploads");
        Multipart upload = new Multipart()
                .file("one.txt", bytes("1"))
                .file("nested/two.txt", bytes("22"));
        ApiClient.Response response = owner.send("POST", "/api/v1/workspaces/" + id + "/upload?dir=in",
                BodyPublishers.ofByteArray(upload.body()), upload.contentType());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json()).hasSize(2);
        assertThat(dir(id).resolve("in/one.txt")).hasContent("1");
        assertThat(dir(id).resolve("in/nested/two.txt")).hasContent("22");
    }

    @Test
    void oversizedUploadsAndWritesAre413AndLeaveNoFile() {
        ApiClient owner = client("files-big");
        long id = createWorkspace(owner, "Big");
        String base = "/api/v1/workspaces/" + id;
        byte[] tooBig = new byte[MAX_UPLOAD + 1];
        owner.put(base + "/files/kept.txt", bytes("old"));

        Multipart upload = new Multipart().file("small.txt", bytes("s")).file("big.bin", tooBig);
        assertError(owner.send("POST", base + "/upload", BodyPublishers.ofByteArray(upload.body()), upload.contentType()), 413);

        assertError(owner.put(base + "/files/big.bin", tooBig), 413);
        // Without a Content-Length (chunked) the limit is enforced while reading; the old content survives.
        assertError(owner.send("PUT", base + "/files/kept.txt",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooBig)), "application/octet-stream"), 413);

        assertThat(snapshot(dir(id))).containsOnlyKeys("", "kept.txt");
        assertThat(dir(id).resolve("kept.txt")).hasContent("old");
        assertThat(owner.put(base + "/files/exact.bin", new byte[MAX_UPLOAD]).status()).isEqualTo(200);
    }

    @Test
    void zipHoldsExactlyTheFolder() throws IOException {
        ApiClient owner = client("files-zipper");
        long id = createWorkspace(owner, "Zip me");
        String base = "/api/v1/workspaces/" + id;
        owner.put(base + "/files/src/main/App.java", bytes("class App {}"));
        owner.put(base + "/files/src/README.md", bytes("# readme"));
        owner.post(base + "/files:mkdir", "{\"path\":\"src/empty\"}");
        owner.put(base + "/files/outside-src.txt", bytes("not in the zip"));

        ApiClient.Response zip = owner.get(base + "/zip?path=src");
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
        assertThat(zip.header("Content-Disposition")).contains("src.zip");
        assertThat(unzip(zip.body())).isEqualTo(Map.of(
                "main/", "", "main/App.java", "class App {}", "README.md", "# readme", "empty/", ""));

        assertThat(unzip(owner.get(base + "/zip?path=src/README.md").body())).isEqualTo(Map.of("README.md", "# readme"));
        assertThat(unzip(owner.get(base + "/zip").body())).containsKeys("outside-src.txt", "src/main/App.java");
        assertError(owner.get(base + "/zip?path=nothing"), 404);
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
