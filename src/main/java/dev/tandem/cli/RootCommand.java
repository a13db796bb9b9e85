package dev.tandem.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code tandem}: the options every command shares, and how they resolve to a connection. */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = {"Tandem command-line client.", "Without a command, 'java -jar tandem.jar' starts the server."},
        footer = {"", "Server and token: options override TANDEM_SERVER and TANDEM_TOKEN, which override the",
                "credentials saved by 'tandem login'.", "Exit codes: 0 success, 1 failure, 2 wrong usage."})
final class RootCommand implements Runnable {

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Tandem server, e.g. http://localhost:8080 (env TANDEM_SERVER)")
    String server;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "Personal access token (env TANDEM_TOKEN)")
    String token;

    @Spec
    CommandSpec spec;

    final CliContext context;

    RootCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command: login, workspaces, files (see --help)");
    }

    /** The server named by option, environment or saved credentials, if any. */
    Optional<String> server() {
        if (server != null) {
            return Optional.of(ApiConnection.normalizeServer(server));
        }
        String env = context.env().get("TANDEM_SERVER");
        if (env != null && !env.isBlank()) {
            return Optional.of(ApiConnection.normalizeServer(env));
        }
        return SavedCredentials.load(context.credentialsFile()).map(SavedCredentials::server);
    }

    /**
     * A connection with a token. The saved token is used only for the server it was saved for, so
     * pointing the client at another server never sends it there.
     */
    ApiConnection connect() {
        String target = server().orElseThrow(() -> new CliException(
                "No server: run 'tandem login', or pass --server URL (or set TANDEM_SERVER)", CliException.USAGE));
        String bearer = token != null ? token : context.env().get("TANDEM_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            bearer = SavedCredentials.load(context.credentialsFile())
                    .filter(saved -> saved.server().equals(target))
                    .map(SavedCredentials::token)
                    .orElseThrow(() -> new CliException("No token for " + target
                            + ": run 'tandem login', or pass --token (or set TANDEM_TOKEN)"));
        }
        return new ApiConnection(target, "Bearer " + bearer.strip());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tandem " + (version == null ? "(development build)" : version)};
        }
    }
}
