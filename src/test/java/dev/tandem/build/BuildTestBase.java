package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.security.UserService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real app with the real sandbox on a random port, for build tests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BuildTestBase {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-build-test");
        // The sandbox user must be able to reach the build folders under the data directory.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("tandem.build.concurrency", () -> "2");
        // small, so BuildRetentionTest sees builds go; no other test keeps more than this per workspace
        registry.add("tandem.build.retain-count", () -> "4");
        registry.add("vaadin.productionMode", () -> "true");
    }

    TestClient client(String username) {
        if (users.find(username).isEmpty()) {
            users.create(username, TestClient.PASSWORD, false);
        }
        return new TestClient(port, username);
    }

    long workspace(TestClient owner, String name, String template) {
        String body = template == null ? "{\"name\":\"" + name + "\"}"
                : "{\"name\":\"" + name + "\",\"template\":\"" + template + "\"}";
        TestClient.Response created = owner.post("/api/v1/workspaces", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    void write(TestClient owner, long ws, String path, String content) {
        TestClient.Response written = owner.put("/api/v1/workspaces/" + ws + "/files/" + path, content.getBytes(StandardCharsets.UTF_8));
        assertThat(written.status()).as(written.toString()).isEqualTo(200);
    }

    TestClient.Response startRaw(TestClient client, long ws, String override, Integer timeoutSeconds) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (override != null) {
            body.put("buildspecOverride", override);
        }
        if (timeoutSeconds != null) {
            body.put("timeoutSeconds", timeoutSeconds);
        }
        return client.post("/api/v1/workspaces/" + ws + "/builds", body.toString());
    }

    long start(TestClient client, long ws, String override) {
        TestClient.Response started = startRaw(client, ws, override, null);
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json().get("id").asLong();
    }

    JsonNode build(TestClient client, long id) {
        TestClient.Response response = client.get("/api/v1/builds/" + id);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    JsonNode awaitEnd(TestClient client, long id, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode build = build(client, id);
            String status = build.get("status").asText();
            if (!status.equals("QUEUED") && !status.equals("IN_PROGRESS")) {
                return build;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("build " + id + " did not end within " + limit + ": " + build(client, id) + "\n" + log(client, id));
    }

    JsonNode awaitStatus(TestClient client, long id, String status, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode build = build(client, id);
            if (build.get("status").asText().equals(status)) {
                return build;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("build " + id + " never became " + status + ": " + build(client, id));
    }

    String log(TestClient client, long id) {
        return client.get("/api/v1/builds/" + id + "/log").text();
    }

    /** Waits up to 10 s for a process whose command line contains {@code marker}. */
    static void awaitProcesses(String marker) throws Exception {
        for (int i = 0; i < 200 && processesWith(marker).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(processesWith(marker)).as("processes running '" + marker + "'").isNotEmpty();
    }

    /** Processes whose command line contains {@code marker}, read from /proc. */
    static List<String> processesWith(String marker) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(marker) && !cmdline.contains("surefire")) {
                        found.add(proc.getFileName() + ": " + cmdline);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
