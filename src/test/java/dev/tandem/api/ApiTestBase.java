package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.config.TandemProperties;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real app on a random port, with a fresh data directory and a small upload limit. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestBase {

    static final int MAX_UPLOAD = 64 * 1024;

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    TokenService tokens;
    @Autowired
    TandemProperties properties;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-api-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("tandem.max-upload-size", () -> MAX_UPLOAD + "B");
        // The API needs no frontend: do not ask for a dev server when tests run without the production build.
        registry.add("vaadin.productionMode", () -> "true");
    }

    /** A client for {@code username} with a fresh token, creating the account on first use. */
    ApiClient client(String username) {
        if (users.find(username).isEmpty()) {
            users.create(username, "password-123", false);
        }
        return new ApiClient(port, tokens.create(username, "test").token());
    }

    long createWorkspace(ApiClient owner, String name) {
        ApiClient.Response created = owner.post("/api/v1/workspaces", "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    void addMember(ApiClient owner, long id, String username, String role) {
        client(username);
        ApiClient.Response added = owner.post("/api/v1/workspaces/" + id + "/members",
                "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
    }

    Path dir(long id) {
        return properties.workspacesDir().resolve(Long.toString(id));
    }

    /** Every path under a folder with its content (or "<dir>"/"<link>"), to prove that nothing changed. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String key = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    result.put(key, "<link " + Files.readSymbolicLink(path) + ">");
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    result.put(key, "<dir>");
                } else {
                    result.put(key, new String(Files.readAllBytes(path), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
