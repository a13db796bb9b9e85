package dev.tandem.build;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A build of a workspace.
 *
 * @param id                unique over all workspaces
 * @param workspaceId       the workspace built
 * @param number            1, 2, 3... within the workspace
 * @param status            its state
 * @param startedBy         who started it (null once that account is gone)
 * @param snapshot          SHA-256 over the paths and contents of the source snapshot; null until taken
 * @param queuedAt          when it was started
 * @param startedAt         when it left the queue; null while queued
 * @param endedAt           when it ended; null until then
 * @param durationMillis    from startedAt to endedAt (or to now while it runs); null while queued
 * @param timeoutSeconds    its time limit
 * @param queuePosition     1 for the next to run; null unless queued
 * @param message           why it failed; null otherwise
 * @param phases            the phases so far, in order
 * @param tests             counts over all its test reports; null when it had none
 * @param artifactsSize     size of its artifacts zip; null when it has none
 * @param exportedVariables final values of the buildspec's exported variables
 */
public record Build(long id, long workspaceId, int number, BuildStatus status, String startedBy, String snapshot,
        Instant queuedAt, Instant startedAt, Instant endedAt, Long durationMillis, int timeoutSeconds,
        Integer queuePosition, String message, List<BuildPhase> phases, TestSummary tests, Long artifactsSize,
        Map<String, String> exportedVariables) {
}
