package dev.tandem.collab;

/**
 * Names a room: one open file of one workspace. {@code path} is workspace-relative and normalised
 * ({@code /} separators, no leading {@code /}); the empty path names the workspace's presence room,
 * which carries awareness only (who is here, which file each has open).
 */
public record RoomKey(long workspaceId, String path) {

    /** Whether this is the workspace-wide presence room rather than a file. */
    public boolean presence() {
        return path.isEmpty();
    }

    /** Whether this room's file is {@code other} or lies inside the folder {@code other}. */
    public boolean isAtOrUnder(String other) {
        return path.equals(other) || path.startsWith(other + "/");
    }
}
