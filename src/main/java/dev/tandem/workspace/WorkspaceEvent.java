package dev.tandem.workspace;

/**
 * Published (as Spring application events, after the change is done) when files or workspaces go
 * away or move, so that rooms holding them open (live documents, terminals) can follow.
 */
public sealed interface WorkspaceEvent {

    long workspaceId();

    /** A file or folder moved from {@code from} to {@code to} (workspace-relative paths). */
    record FileMoved(long workspaceId, String from, String to) implements WorkspaceEvent {
    }

    /** A file or folder (with everything in it) was deleted. */
    record FileDeleted(long workspaceId, String path) implements WorkspaceEvent {
    }

    /** The workspace and all its files were deleted. */
    record WorkspaceDeleted(long workspaceId) implements WorkspaceEvent {
    }
}
