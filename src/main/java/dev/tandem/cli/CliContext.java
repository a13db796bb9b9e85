package dev.tandem.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the client reads from and writes to, so that tests can run it in-process.
 *
 * @param env     environment variables (TANDEM_SERVER, TANDEM_TOKEN, HOME, XDG_CONFIG_HOME)
 * @param in      standard input: prompts' answers, or the body of {@code files put ... -}
 * @param out     standard output: results, and raw file content for {@code files get}
 * @param err     standard error: messages, warnings and prompts
 * @param console the terminal, for reading a password without echo; null when there is none
 */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Console console) {

    /** The process's own environment and streams. */
    public static CliContext system() {
        return new CliContext(System.getenv(), System.in, System.out, System.err, System.console());
    }

    /** {@code $XDG_CONFIG_HOME/tandem/credentials}, else {@code ~/.config/tandem/credentials}. */
    Path credentialsFile() {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return config.resolve("tandem").resolve("credentials");
    }
}
