package dev.tandem.terminal;

import dev.tandem.security.TicketService;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real app on a random port with a fresh data directory, real H2, real bubblewrap and real shells.
 * Terminal test classes share this one application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class TerminalTestBase {

    static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        // Searchable by others: when tests run as root, the sandbox user must reach the workspaces.
        Path home = Files.createTempDirectory("tandem-terminal-test",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
        registry.add("tandem.terminal.slow-client-timeout", () -> "4s");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    TokenService tokens;
    @Autowired
    TicketService tickets;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    TerminalService terminals;

    String newUser(String name) {
        String username = name + "-" + SEQUENCE.incrementAndGet();
        users.create(username, "password-" + username, false);
        return username;
    }

    long newWorkspace(String owner) {
        return workspaces.create(owner, "ws-" + SEQUENCE.incrementAndGet(), "tiny").id();
    }

    void addMember(String owner, long workspaceId, String member, Role role) {
        workspaces.setMember(owner, workspaceId, member, role);
    }

    Map<String, String> bearer(String username) {
        return Map.of("Authorization", "Bearer " + tokens.create(username, "test").token());
    }

    /** Connects with a personal access token. */
    TermClient connect(String username, long workspaceId, String terminalId) {
        return TermClient.connect(port, "/terminal/" + workspaceId + "/" + terminalId, bearer(username));
    }

    /** Connects as a browser does, with a single-use ticket. */
    TermClient connectWithTicket(String username, long workspaceId, String terminalId) {
        String ticket = tickets.issue(username, workspaceId);
        return TermClient.connect(port, "/terminal/" + workspaceId + "/" + terminalId + "?ticket=" + ticket, Map.of());
    }

    /** Processes on this machine whose arguments include {@code marker}. */
    static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .toList();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
