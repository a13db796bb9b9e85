package dev.tandem.cli;

import java.util.Set;
import picocli.CommandLine;

/**
 * Entry of the command-line client: {@code java -jar tandem.jar <command>}. Commands talk to a
 * Tandem server over its REST API with a personal access token, which {@code tandem login} obtains
 * and saves.
 */
public final class TandemCli {

    /** Options that make even an option-only command line a client call rather than a server start. */
    private static final Set<String> CLIENT_OPTIONS = Set.of("-h", "--help", "-V", "--version", "--server", "--token");

    private TandemCli() {
    }

    /**
     * Whether these arguments are for the client. A first argument that is not an option names a
     * command; a few options ({@code --help}, {@code --version}, {@code --server URL}, {@code --token T})
     * also belong to the client. Anything else, including Spring's {@code --server.port=...}, serves.
     */
    public static boolean isClientCommand(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0];
        return !first.startsWith("-") || CLIENT_OPTIONS.contains(first.split("=", 2)[0]);
    }

    /** Runs a command with the process's streams and environment; answers the exit code. */
    public static int run(String[] args) {
        return run(args, CliContext.system());
    }

    /** Runs a command in the given context; answers the exit code (0 success, 1 failure, 2 usage). */
    public static int run(String[] args, CliContext context) {
        RootCommand root = new RootCommand(context);
        CommandLine cli = new CommandLine(root)
                .addSubcommand(new LoginCommand(root))
                .addSubcommand(new WorkspacesCommand(root))
                .addSubcommand(new FilesCommand(root));
        cli.setOut(new java.io.PrintWriter(context.out(), true));
        cli.setErr(new java.io.PrintWriter(context.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException failure) {
                context.err().println("tandem: " + failure.getMessage());
                return failure.exitCode();
            }
            throw e;
        });
        return cli.execute(args);
    }
}
