package dev.tandem.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run in a sandbox and how much it may do.
 *
 * @param workDir          the directory the command starts in (normally inside a writable path)
 * @param writable         the only host paths the command may change (bound read-write at the same path)
 * @param home             the command's home directory ({@code HOME}); writable as well
 * @param env              variables added to the sandbox's base environment (they win over it)
 * @param command          the program and its arguments
 * @param network          whether the command may reach the network; false leaves it only a loopback device
 * @param memoryLimitBytes the largest data segment of each process ({@code RLIMIT_DATA}); 0 for no limit
 * @param maxProcesses     the most processes and threads the sandbox's user may have ({@code RLIMIT_NPROC}); 0 for no limit
 */
public record SandboxSpec(Path workDir, List<Path> writable, Path home, Map<String, String> env,
                          List<String> command, boolean network, long memoryLimitBytes, int maxProcesses) {

    public SandboxSpec {
        if (workDir == null || home == null || command == null || command.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs a work directory, a home and a command");
        }
        writable = List.copyOf(writable == null ? List.of() : writable);
        env = Map.copyOf(env == null ? Map.of() : env);
        command = List.copyOf(command);
    }
}
