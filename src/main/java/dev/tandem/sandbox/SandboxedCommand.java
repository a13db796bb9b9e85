package dev.tandem.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A command ready to start: give {@code argv} to {@code ProcessBuilder} or Pty4J, replace (not merge)
 * the child's environment with {@code env}, and start it in {@code workDir}. Once it has ended (or
 * did not start), hand it to {@link Sandbox#release}: it may hold a memory cgroup.
 *
 * @param memoryCgroup the {@code cgroup.procs} file of the command's memory cgroup, or null without one
 */
public record SandboxedCommand(List<String> argv, Map<String, String> env, Path workDir, Path memoryCgroup) {

    public SandboxedCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
