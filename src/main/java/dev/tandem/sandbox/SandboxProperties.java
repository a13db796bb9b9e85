package dev.tandem.sandbox;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code tandem.sandbox.*}.
 *
 * @param bwrap              the bubblewrap executable
 * @param allowUnsandboxed   run commands as plain processes when bubblewrap is missing or does not work
 *                           (off by default: then nothing is started at all)
 * @param hostUid            the unprivileged host user (and group) that sandboxed commands run as when the
 *                           server itself runs as root; its writable paths are handed over to it
 * @param sandboxUid         the user id commands see inside the sandbox (named {@code tandem} there)
 * @param hiddenPaths        host directories replaced by an empty read-only directory inside the sandbox, on
 *                           top of Tandem's own data directory, which is always hidden
 * @param memoryCgroups      put each sandbox with a memory limit into a memory cgroup of its own, where the
 *                           server may create cgroups (see {@link MemoryCgroups}); false leaves only the
 *                           per-process limit
 */
@ConfigurationProperties("tandem.sandbox")
public record SandboxProperties(Path bwrap, boolean allowUnsandboxed, Integer hostUid, Integer sandboxUid,
                                List<Path> hiddenPaths, Boolean memoryCgroups) {

    public SandboxProperties {
        bwrap = bwrap == null ? Path.of("/usr/bin/bwrap") : bwrap;
        hostUid = hostUid == null ? 65534 : hostUid;
        sandboxUid = sandboxUid == null ? 1000 : sandboxUid;
        memoryCgroups = memoryCgroups == null || memoryCgroups;
        hiddenPaths = hiddenPaths == null ? List.of(Path.of("/root"), Path.of("/home")) : List.copyOf(hiddenPaths);
        if (hostUid <= 0 || sandboxUid <= 0) {
            throw new IllegalArgumentException("tandem.sandbox.host-uid and sandbox-uid must not be root (0)");
        }
    }
}
