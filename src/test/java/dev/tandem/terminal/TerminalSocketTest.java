package dev.tandem.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.workspace.Role;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.tandem.workspace.WorkspaceFiles;

/** The terminal websocket protocol end to end: real server, real sandboxed bash, plain websocket clients. */
class TerminalSocketTest extends TerminalTestBase {

    @Autowired
    WorkspaceFiles files;

    @Test
    void echoRoundTrip() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        try (TermClient client = connect(owner, ws, "new")) {
            JsonNode opened = client.awaitMessage("opened", WAIT);
            assertThat(opened.path("terminalId").asText()).isNotBlank();
            assertThat(opened.path("readOnly").asBoolean()).isFalse();
            assertThat(opened.path("sandboxed").asBoolean()).isTrue();
            client.type("echo hello-$((6*7)) \"$TERM\" \"$LANG\" $(pwd)\r");
            String output = client.awaitOutput("hello-42 xterm-256color C.UTF-8 " + files.resolve(owner, ws, ""), WAIT);
            assertThat(output).contains("hello-$((6*7))");
        }
    }

    @Test
    void resizeChangesTputCols() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        try (TermClient client = connect(owner, ws, "new")) {
            client.awaitMessage("opened", WAIT);
            client.json("{\"type\":\"resize\",\"cols\":123,\"rows\":41}");
            JsonNode size = client.awaitMessage("size", WAIT);
            assertThat(size.path("cols").asInt()).isEqualTo(123);
            client.type("echo cols=$(tput cols) lines=$(tput lines)\r");
            client.awaitOutput("cols=123 lines=41", WAIT);
        }
    }

    @Test
    void reattachReplaysScrollbackAndKeepsTheShell() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        TermClient first = connect(owner, ws, "new");
        String id = first.awaitMessage("opened", WAIT).path("terminalId").asText();
        first.type("export KEPT=still-here; echo marker-$((1000+234))\r");
        first.awaitOutput("marker-1234", WAIT);
        first.close();

        try (TermClient second = connectWithTicket(owner, ws, id)) {
            assertThat(second.awaitMessage("opened", WAIT).path("terminalId").asText()).isEqualTo(id);
            second.awaitOutput("marker-1234", WAIT);
            second.type("echo $KEPT\r");
            second.awaitOutput("still-here\r\n", WAIT);
        }
    }

    @Test
    void membersShareATerminalLiveAndViewersOnlyWatch() throws Exception {
        String owner = newUser("owner");
        String editor = newUser("editor");
        String viewer = newUser("viewer");
        long ws = newWorkspace(owner);
        addMember(owner, ws, editor, Role.EDITOR);
        addMember(owner, ws, viewer, Role.VIEWER);
        TermClient mine = connect(owner, ws, "new");
        String id = mine.awaitMessage("opened", WAIT).path("terminalId").asText();
        try (mine; TermClient theirs = connectWithTicket(editor, ws, id);
             TermClient watcher = connectWithTicket(viewer, ws, id)) {
            theirs.awaitMessage("opened", WAIT);
            assertThat(watcher.awaitMessage("opened", WAIT).path("readOnly").asBoolean()).isTrue();

            mine.type("echo from-owner-$((2+3))\r");
            theirs.awaitOutput("from-owner-5", WAIT);
            watcher.awaitOutput("from-owner-5", WAIT);
            theirs.type("echo from-editor-$((3+4))\r");
            mine.awaitOutput("from-editor-7", WAIT);

            watcher.type("touch viewer-was-here\r");
            JsonNode refused = watcher.awaitMessage("error", WAIT);
            assertThat(refused.path("code").asText()).isEqualTo("read_only");
            assertThat(refused.path("message").asText()).contains("viewer");
            mine.type("ls; echo listed-$((4+4))\r");
            mine.awaitOutput("listed-8", WAIT);
            assertThat(files.resolve(owner, ws, "viewer-was-here")).doesNotExist();
            assertThat(mine.output()).doesNotContain("touch viewer-was-here");
        }
    }

    @Test
    void aPrivateTerminalDropsAndHidesOtherMembers() throws Exception {
        String owner = newUser("owner");
        String editor = newUser("editor");
        long ws = newWorkspace(owner);
        addMember(owner, ws, editor, Role.EDITOR);
        TermClient mine = connect(owner, ws, "new");
        String id = mine.awaitMessage("opened", WAIT).path("terminalId").asText();
        try (mine; TermClient theirs = connect(editor, ws, id)) {
            theirs.awaitMessage("opened", WAIT);
            assertThatThrownBy(() -> terminals.setShared(editor, ws, id, false)).hasMessageContaining("Only " + owner);
            terminals.setShared(owner, ws, id, false);
            assertThat(theirs.awaitMessage("error", WAIT).path("code").asText()).isEqualTo("private");
            assertThat(theirs.awaitClose(WAIT)).isEqualTo(4403);
            assertThat(terminals.list(editor, ws)).isEmpty();
            assertThat(terminals.list(owner, ws)).extracting(TerminalInfo::id).containsExactly(id);

            TermClient again = connect(editor, ws, id);
            assertThat(again.awaitMessage("error", WAIT).path("code").asText()).isEqualTo("not_found");
            assertThat(again.awaitClose(WAIT)).isEqualTo(4404);
        }
    }

    @Test
    void unknownTerminalsOutsidersAndMissingCredentialsAreRefused() throws Exception {
        String owner = newUser("owner");
        String outsider = newUser("outsider");
        long ws = newWorkspace(owner);

        TermClient unknown = connect(owner, ws, "no-such-terminal");
        JsonNode error = unknown.awaitMessage("error", WAIT);
        assertThat(error.path("code").asText()).isEqualTo("not_found");
        assertThat(error.path("message").asText()).contains("no-such-terminal");
        assertThat(unknown.awaitClose(WAIT)).isEqualTo(4404);

        TermClient stranger = connect(outsider, ws, "new");
        assertThat(stranger.awaitMessage("error", WAIT).path("code").asText()).isEqualTo("not_found");
        assertThat(stranger.awaitClose(WAIT)).isEqualTo(4404);

        assertThatThrownBy(() -> TermClient.connect(port, "/terminal/" + ws + "/new", Map.of()))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> TermClient.connect(port, "/terminal/" + ws + "/new?ticket=tdt_forged", Map.of()))
                .cause().isInstanceOf(WebSocketHandshakeException.class);
        // A ticket is only good for the workspace it was issued for.
        long other = newWorkspace(owner);
        String ticket = tickets.issue(owner, other);
        assertThatThrownBy(() -> TermClient.connect(port, "/terminal/" + ws + "/new?ticket=" + ticket, Map.of()))
                .cause().isInstanceOf(WebSocketHandshakeException.class);
        assertThat(terminals.list(owner, ws)).isEmpty();
    }

    @Test
    void oversizedAndMalformedMessagesGetClearErrors() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        try (TermClient client = connect(owner, ws, "new")) {
            client.awaitMessage("opened", WAIT);
            client.json("not json");
            assertThat(client.awaitMessage("error", WAIT).path("code").asText()).isEqualTo("bad_request");
            client.json("{\"type\":\"dance\"}");
            assertThat(client.awaitMessage("error", WAIT).path("message").asText()).contains("dance");
            client.json("{\"type\":\"resize\",\"cols\":0,\"rows\":5000}");
            assertThat(client.awaitMessage("error", WAIT).path("code").asText()).isEqualTo("bad_request");
            client.sendBinary(new byte[terminals.maxMessageBytes() + 1]);
            assertThat(client.awaitClose(WAIT)).isEqualTo(1009);
        }
    }

    @Test
    void closingKillsTheWholeProcessTree() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        TermClient client = connect(owner, ws, "new");
        String id = client.awaitMessage("opened", WAIT).path("terminalId").asText();
        String marker = String.valueOf(7_000_000 + (System.nanoTime() % 1_000_000));
        // A background job, a detached grandchild in its own session, and a foreground one.
        client.type("sleep " + marker + " & setsid sleep " + marker + " & (sleep " + marker + " &); sleep " + marker + "\r");
        waitUntil(() -> processesWith(marker).size() == 4, WAIT);
        assertThat(processesWith(marker)).hasSize(4);

        terminals.close(owner, ws, id);
        JsonNode exit = client.awaitMessage("exit", WAIT);
        assertThat(exit.path("reason").asText()).isEqualTo("closed");
        assertThat(exit.has("code")).isTrue();
        waitUntil(() -> processesWith(marker).isEmpty(), WAIT);
        assertThat(processesWith(marker)).isEmpty();
        assertThat(client.awaitClose(WAIT)).isEqualTo(1000);
        assertThat(terminals.list(owner, ws)).isEmpty();
    }

    @Test
    void theShellIsSandboxed() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        Path root = files.resolve(owner, ws, "");
        try (TermClient client = connect(owner, ws, "new")) {
            client.awaitMessage("opened", WAIT);
            client.type("echo uid=$(id -u); touch /etc/escape 2>/dev/null || echo etc-$((1+1))-refused;"
                    + " touch ../escape 2>/dev/null || echo parent-$((2+1))-refused; echo procs=$(ls -d /proc/[0-9]* | wc -l);"
                    + " echo in-ws > made-in-terminal.txt; echo done-$((5*5))\r");
            String output = client.awaitOutput("done-25", WAIT);
            assertThat(output).contains("uid=1000", "etc-2-refused", "parent-3-refused");
            int procs = Integer.parseInt(output.replaceAll("(?s).*procs=(\\d+).*", "$1"));
            assertThat(procs).isLessThan(10);
            assertThat(Path.of("/etc/escape")).doesNotExist();
            assertThat(root.getParent().resolve("escape")).doesNotExist();
            assertThat(Files.readString(root.resolve("made-in-terminal.txt"))).isEqualTo("in-ws\n");
        }
    }

    /**
     * A paste into a program that does not read its input must not block a server thread: the pty is
     * written by the terminal's own thread, the pasting socket is paused while too much input waits
     * (bounded server memory), other connections stay served, and nothing pasted is lost.
     */
    @Test
    void pasteIntoAProgramThatDoesNotReadBlocksNoServerThread() throws Exception {
        String owner = newUser("owner");
        long ws = newWorkspace(owner);
        TermClient paster = connect(owner, ws, "new");
        String id = paster.awaitMessage("opened", WAIT).path("terminalId").asText();
        // raw mode: no line-length limit and no echo; the program reads nothing for 6 seconds
        paster.type("stty raw -echo; echo READY-$((40+2)); sleep 6; head -c 2000000 | wc -c\r");
        paster.awaitOutput("READY-42", WAIT);
        int pasteBytes = 2_000_000;
        Thread pasting = new Thread(() -> {
            byte[] chunk = new byte[50_000];
            java.util.Arrays.fill(chunk, (byte) 'p');
            for (int sent = 0; sent < pasteBytes; sent += chunk.length) {
                paster.sendBinary(chunk);
            }
        }, "test-paste");
        pasting.setDaemon(true);
        pasting.start();
        Thread.sleep(1500);
        Terminal terminal = terminals.find(owner, ws, id);
        // the pty holds what the kernel buffers; the server at most its input watermark and a few messages
        assertThat(terminal.pendingInput()).isLessThanOrEqualTo(Terminal.INPUT_HIGH + 4 * 64 * 1024);
        // Every server I/O thread still serves: new connections land on each of them in turn.
        for (int i = 0; i < 4; i++) {
            try (TermClient other = connect(owner, ws, "new")) {
                other.awaitMessage("opened", WAIT);
                other.type("echo other-$((" + i + "+100))\r");
                other.awaitOutput("other-" + (i + 100), WAIT);
            }
        }
        try {
            // once the program reads, the whole paste arrives, in order and complete
            paster.awaitOutput(String.valueOf(pasteBytes), Duration.ofSeconds(60));
            pasting.join(10_000);
            assertThat(pasting.isAlive()).isFalse();
        } finally {
            paster.close();
        }
    }
}
