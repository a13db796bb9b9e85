package dev.tandem.lang;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the Java language services ({@code tandem.lang.*}).
 *
 * @param maxMessageBytes  largest JSON-RPC message accepted from a client; larger ones get an error
 * @param debounce         quiet time after an edit before diagnostics are computed
 * @param requestTimeout   longest a single computation may run before it is cancelled
 * @param mavenCommand     the Maven executable used to resolve a workspace's dependencies
 * @param mavenTimeout     longest a dependency resolution may take (then its whole process tree is killed)
 * @param mavenMemoryLimit memory limit of a dependency resolution's sandbox
 * @param mavenMaxProcesses most processes and threads a dependency resolution's sandbox may have
 * @param idleClose        how long a workspace's Java model outlives its last session
 * @param watchInterval    how often open workspaces are checked for files changed on disk
 * @param fullCheckDelay   quiet time after a keystroke whose problems came from its method alone, before
 *                         the whole file is compiled again for its exact problems
 * @param warmUpDelay      how long after the server is ready JDT is loaded and run once in the background,
 *                         so that the first pages after a start get the CPU before it
 */
@ConfigurationProperties("tandem.lang")
public record LangProperties(
        @DefaultValue("4194304") int maxMessageBytes,
        @DefaultValue("30ms") Duration debounce,
        @DefaultValue("15s") Duration requestTimeout,
        @DefaultValue("mvn") String mavenCommand,
        @DefaultValue("5m") Duration mavenTimeout,
        @DefaultValue("2GB") DataSize mavenMemoryLimit,
        @DefaultValue("512") int mavenMaxProcesses,
        @DefaultValue("60s") Duration idleClose,
        @DefaultValue("2s") Duration watchInterval,
        @DefaultValue("400ms") Duration fullCheckDelay,
        @DefaultValue("5s") Duration warmUpDelay) {
}
