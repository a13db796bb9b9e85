package dev.tandem.build;

import java.time.Instant;

/**
 * One phase of a build as it ran.
 *
 * @param name           PROVISIONING, INSTALL, PRE_BUILD, BUILD, POST_BUILD, UPLOAD_ARTIFACTS or FINALIZING
 * @param status         IN_PROGRESS while it runs, then how it ended
 * @param startedAt      when it started
 * @param endedAt        when it ended; null while it runs
 * @param durationMillis endedAt minus startedAt; null while it runs
 * @param message        why it did not succeed; null when it did
 */
public record BuildPhase(String name, BuildStatus status, Instant startedAt, Instant endedAt, Long durationMillis,
        String message) {
}
