package dev.tandem.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command ready to start: give {@code argv} to {@code ProcessBuilder} or Pty4J, replace (not merge)
 * the child's environment with {@code env}, and start it in {@code workDir}.
 */
public record SandboxedCommand(List<String> argv, Map<String, String> env, Path workDir) {

    public SandboxedCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
