package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem login}: trades a username and password for a personal access token, and saves it. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to a server and save a new access token in ~/.config/tandem/credentials.",
                "Asks for what the options do not give. The password is never saved."})
final class LoginCommand implements Runnable {

    @Option(names = {"-u", "--username"}, description = "Account name")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input (for scripts)")
    boolean passwordFromStdin;

    @Option(names = "--token-name", description = "Name of the new token (default: tandem CLI on <this host>)")
    String tokenName;

    private final RootCommand root;
    private BufferedReader stdin;

    LoginCommand(RootCommand root) {
        this.root = root;
    }

    @Override
    public void run() {
        CliContext context = root.context;
        String server = root.server != null || context.env().get("TANDEM_SERVER") != null
                ? root.server().orElseThrow()
                : ApiConnection.normalizeServer(ask("Server URL", root.server().orElse("http://localhost:8080")));
        String user = username != null ? username : ask("Username", null);
        if (user.isBlank()) {
            throw new CliException("A username is needed", CliException.USAGE);
        }
        String password = password();
        warnIfUnencrypted(server);
        String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        JsonNode created = new ApiConnection(server, basic)
                .json("POST", "/api/v1/tokens", Map.of("name", tokenName != null ? tokenName : defaultTokenName()));
        new SavedCredentials(server, created.get("token").asText()).save(context.credentialsFile());
        context.out().println("Signed in to " + server + " as " + user + "; token saved in " + context.credentialsFile());
    }

    private String password() {
        CliContext context = root.context;
        if (!passwordFromStdin && context.console() != null) {
            char[] typed = context.console().readPassword("Password: ");
            if (typed == null) {
                throw new CliException("No password given", CliException.USAGE);
            }
            return new String(typed);
        }
        if (!passwordFromStdin) {
            context.err().print("Password: ");
            context.err().flush();
        }
        String line = readLine();
        if (line == null || line.isEmpty()) {
            throw new CliException("No password given", CliException.USAGE);
        }
        return line;
    }

    private String ask(String question, String defaultAnswer) {
        CliContext context = root.context;
        context.err().print(question + (defaultAnswer == null ? ": " : " [" + defaultAnswer + "]: "));
        context.err().flush();
        String line = readLine();
        if (line == null) {
            throw new CliException(question + " needed; pass it as an option when there is no terminal", CliException.USAGE);
        }
        return line.isBlank() && defaultAnswer != null ? defaultAnswer : line.strip();
    }

    private String readLine() {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(root.context.in(), StandardCharsets.UTF_8));
        }
        try {
            return stdin.readLine();
        } catch (IOException e) {
            throw new CliException("Cannot read standard input: " + e.getMessage());
        }
    }

    private void warnIfUnencrypted(String server) {
        URI uri = URI.create(server);
        boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        if ("http".equals(uri.getScheme()) && !local) {
            root.context.err().println("warning: " + server + " is not https; the password and token travel unencrypted");
        }
    }

    private static String defaultTokenName() {
        try {
            return "tandem CLI on " + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "tandem CLI";
        }
    }
}
