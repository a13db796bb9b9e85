package dev.tandem.security;

import static dev.tandem.security.ApiClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real app on a random port with a fresh data directory and real H2. The security test classes
 * share this one application (same properties, so Spring caches it); each test makes its own users.
 * Locks and tickets are shortened so that tests can watch them expire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class IntegrationTest {

    static final String ADMIN_PASSWORD = "admin-pass-1";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // Made once: the registry calls a supplier again on every lookup of the property.
        String home = tempDir();
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> ADMIN_PASSWORD);
        // The production bundle, as deployed: tests need no frontend dev server.
        registry.add("vaadin.productionMode", () -> "true");
        registry.add("tandem.security.lock-after-failures", () -> "3");
        registry.add("tandem.security.first-lock", () -> "2s");
        registry.add("tandem.security.max-lock", () -> "4s");
        registry.add("tandem.security.ticket-lifetime", () -> "3s");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("tandem-security-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void setUpClient() {
        api = new ApiClient(port);
    }

    /** A fresh user whose password is {@code password(username)}. */
    String newUser(String name) {
        String username = name + "-" + SEQUENCE.incrementAndGet();
        users.create(username, password(username), false);
        return username;
    }

    static String password(String username) {
        return "password-" + username;
    }

    String tokenFor(String username) {
        return tokenFor(username, password(username));
    }

    String tokenFor(String username, String password) {
        var created = api.send("POST", "/api/v1/tokens", "{\"name\":\"test\"}", "Authorization", basic(username, password));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }

    int failedLogins(String username) {
        return jdbc.sql("select failed_logins from users where username = ?").param(username).query(Integer.class).single();
    }
}
