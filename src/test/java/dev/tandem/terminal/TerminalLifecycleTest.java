package dev.tandem.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.workspace.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Terminals end by themselves: when idle too long, when their workspace is deleted, when the shell exits. */
@TestPropertySource(properties = "tandem.terminal.idle-timeout=4s")
class TerminalLifecycleTest extends TerminalTestBase {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void anIdleTerminalIsClosedAndTheClientIsToldWhy() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        TermClient client = connect(owner, ws, "new");
        client.awaitMessage("opened", WAIT);
        client.type("echo busy\r");
        JsonNode exit = client.awaitMessage("exit", LONG);
        assertThat(exit.path("reason").asText()).isEqualTo("idle");
        assertThat(exit.path("message").asText()).contains("idle");
        // The exit message may overtake the clean-up that removes the terminal from the list.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(terminals.list(owner, ws)).isEmpty());
    }

    @Test
    void deletingTheWorkspaceOrRemovingTheOwnerStopsTheirTerminals() throws Exception {
        String owner = newUser("owner");
        String editor = newUser("editor");
        long ws = newWorkspace(owner);
        addMember(owner, ws, editor, Role.EDITOR);
        TermClient editorsTerminal = connect(editor, ws, "new");
        editorsTerminal.awaitMessage("opened", WAIT);
        // Output keeps both terminals busy, so only the membership check can end them.
        editorsTerminal.type("while true; do echo tick-$((1+1)); sleep 1; done\r");
        editorsTerminal.awaitOutput("tick-2", WAIT);
        workspaces.removeMember(owner, ws, editor);
        assertThat(editorsTerminal.awaitMessage("exit", LONG).path("reason").asText()).isEqualTo("stopped");

        TermClient ownersTerminal = connect(owner, ws, "new");
        ownersTerminal.awaitMessage("opened", WAIT);
        ownersTerminal.type("while true; do echo tick-$((1+1)); sleep 1; done\r");
        ownersTerminal.awaitOutput("tick-2", WAIT);
        workspaces.delete(owner, ws);
        assertThat(ownersTerminal.awaitMessage("exit", LONG).path("reason").asText()).isEqualTo("stopped");
    }

    @Test
    void whenTheShellExitsTheClientGetsItsCode() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        TermClient client = connect(owner, ws, "new");
        client.awaitMessage("opened", WAIT);
        client.type("exit 7\r");
        JsonNode exit = client.awaitMessage("exit", WAIT);
        assertThat(exit.path("reason").asText()).isEqualTo("exited");
        assertThat(exit.path("code").asInt()).isEqualTo(7);
        assertThat(client.awaitClose(WAIT)).isEqualTo(1000);
    }
}
