package dev.tandem.terminal;

import java.time.Instant;

/**
 * A terminal as users see it.
 *
 * @param id          the terminal id in {@code /terminal/{workspaceId}/{id}}
 * @param workspaceId its workspace
 * @param name        the tab title
 * @param owner       who opened it; only the owner may make it private
 * @param shared      whether every member of the workspace sees it (false: only its owner)
 * @param cols        current width
 * @param rows        current height
 * @param sandboxed   whether it runs in the bubblewrap sandbox (false only with the unsandboxed fallback)
 * @param createdAt   when it was opened
 */
public record TerminalInfo(String id, long workspaceId, String name, String owner, boolean shared, int cols, int rows,
                           boolean sandboxed, Instant createdAt) {
}
