package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.CliContext;
import dev.tandem.cli.TandemCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client, in-process, against the real server. */
class CliIntegrationTest extends IntegrationTest {

    record Run(int exitCode, String out, byte[] outBytes, String err) {
    }

    @TempDir
    Path home;

    Map<String, String> env;
    String server;

    @BeforeEach
    void setUpEnvironment() {
        env = new HashMap<>();
        env.put("HOME", home.toString());
        server = "http://localhost:" + port;
    }

    private Run cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TandemCli.run(args, new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), null));
        return new Run(code, out.toString(StandardCharsets.UTF_8), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private Path credentials() {
        return home.resolve(".config/tandem/credentials");
    }

    private Properties saved() throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(credentials())) {
            properties.load(reader);
        }
        return properties;
    }

    private String login(String user) {
        Run run = cli(password(user) + "\n", "login", "--server", server, "-u", user, "--password-stdin");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return user;
    }

    @Test
    void loginSavesAPrivateTokenThatWorks() throws IOException {
        String yara = newUser("yara");
        Run run = cli(password(yara) + "\n", "login", "--server", server + "/", "--username", yara, "--password-stdin",
                "--token-name", "my laptop");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Signed in to " + server + " as " + yara);
        assertThat(Files.getPosixFilePermissions(credentials())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(saved().getProperty("server")).isEqualTo(server);
        String token = saved().getProperty("token");
        assertThat(token).startsWith("tdm_");
        assertThat(run.out() + run.err()).doesNotContain(token).doesNotContain(password(yara));
        var me = api.send("GET", "/api/v1/me", null, "Authorization", ApiClient.bearer(token));
        assertThat(me.json().get("username").asText()).isEqualTo(yara);
        var tokens = api.send("GET", "/api/v1/tokens", null, "Authorization", ApiClient.bearer(token));
        assertThat(tokens.json().get(0).get("name").asText()).isEqualTo("my laptop");
    }

    @Test
    void loginAsksForWhatIsMissing() throws IOException {
        String zoe = newUser("zoe");
        Run run = cli(server + "\n" + zoe + "\n" + password(zoe) + "\n", "login");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("Server URL").contains("Username").contains("Password");
        assertThat(saved().getProperty("server")).isEqualTo(server);
    }

    @Test
    void wrongPasswordFailsWithTheServersMessageAndSavesNothing() {
        String abel = newUser("abel");
        Run run = cli("not-the-password\n", "login", "--server", server, "-u", abel, "--password-stdin");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Wrong username or password").contains("[HTTP 401]");
        assertThat(credentials()).doesNotExist();
    }

    @Test
    void workspacesAndFilesRoundTrip() throws IOException {
        login(newUser("bea"));
        Run created = cli("", "workspaces", "create", "cli space");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().strip();
        assertThat(id).matches("\\d+");

        Run list = cli("", "workspaces", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("cli space").contains("owner").contains(id);

        byte[] content = new byte[3000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path local = home.resolve("data.bin");
        Files.write(local, content);
        Run put = cli("", "files", "put", id, "src/deep/data file.bin", local.toString());
        assertThat(put.exitCode()).as(put.err()).isZero();

        Run get = cli("", "files", "get", id, "src/deep/data file.bin");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.outBytes()).isEqualTo(content);

        Path copy = home.resolve("copy.bin");
        Run getToFile = cli("", "files", "get", id, "/src/deep/data file.bin", "-o", copy.toString());
        assertThat(getToFile.exitCode()).isZero();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);

        Run fromStdin = cli("hello from stdin", "files", "put", id, "notes.txt", "-");
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
        assertThat(cli("", "files", "get", id, "notes.txt").out()).isEqualTo("hello from stdin");

        Run missing = cli("", "files", "get", id, "nope.txt", "-o", home.resolve("nope.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("tandem: ").contains("[HTTP 404]");
        assertThat(home.resolve("nope.txt")).doesNotExist();

        Run deleted = cli("", "workspaces", "delete", id);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(cli("", "workspaces", "list").out()).doesNotContain("cli space");
        Run again = cli("", "workspaces", "delete", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("[HTTP 404]");
    }

    @Test
    void optionsOverrideEnvironmentOverrideSavedCredentials() throws IOException {
        String cleo = newUser("cleo");
        login(cleo);
        String good = saved().getProperty("token");

        env.put("TANDEM_TOKEN", "tdm_not-a-real-token");
        Run envWins = cli("", "workspaces", "list");
        assertThat(envWins.exitCode()).isEqualTo(1);
        assertThat(envWins.err()).contains("[HTTP 401]").contains("tandem login");

        Run optionWins = cli("", "--token", good, "workspaces", "list");
        assertThat(optionWins.exitCode()).as(optionWins.err()).isZero();
        Run optionAfterCommand = cli("", "workspaces", "list", "--token", good);
        assertThat(optionAfterCommand.exitCode()).as(optionAfterCommand.err()).isZero();

        env.remove("TANDEM_TOKEN");
        env.put("TANDEM_SERVER", "http://127.0.0.1:" + port);
        Run otherServer = cli("", "workspaces", "list");
        assertThat(otherServer.exitCode()).as("the saved token is not sent to another server").isEqualTo(1);
        assertThat(otherServer.err()).contains("No token for http://127.0.0.1:" + port);
    }

    @Test
    void helpVersionAndUsageErrors() {
        Run help = cli("", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("login").contains("workspaces").contains("files").contains("TANDEM_TOKEN");
        Run version = cli("", "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("tandem ");
        assertThat(cli("", "files", "get", "--help").out()).contains("-o");

        assertThat(cli("", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(cli("", "workspaces", "delete", "not-a-number").exitCode()).isEqualTo(2);
        Run noServer = cli("", "workspaces", "list");
        assertThat(noServer.exitCode()).isEqualTo(2);
        assertThat(noServer.err()).contains("tandem login");
        Run unreachable = cli("", "--server", "http://localhost:1", "--token", "tdm_x", "workspaces", "list");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Cannot connect to http://localhost:1");
    }
}
