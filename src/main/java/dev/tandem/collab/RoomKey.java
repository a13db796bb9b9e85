package dev.tandem.collab;

/**
 * Names a room: one open file of one workspace. {@code path} is workspace-relative and normalised
 * ({@code /} separators, no leading {@code /}); the empty path names the workspace's presence room,
 * which carries awareness only (who is here, which file each has open).
 */
public record RoomKey(long workspaceId, String path) {

    /**
     * The key for a path as a client or service spelled it: leading, doubled and {@code .} segments
     * dropped, so {@code /src//./App.java} and {@code src/App.java} name the same room. Whether the
     * path is allowed at all is the workspace service's to decide.
     */
    public static RoomKey of(long workspaceId, String rawPath) {
        StringBuilder clean = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                clean.append(clean.isEmpty() ? "" : "/").append(segment);
            }
        }
        return new RoomKey(workspaceId, clean.toString());
    }

    /** Whether this is the workspace-wide presence room rather than a file. */
    public boolean presence() {
        return path.isEmpty();
    }

    /** Whether this room's file is {@code other} or lies inside the folder {@code other}. */
    public boolean isAtOrUnder(String other) {
        return path.equals(other) || path.startsWith(other + "/");
    }
}
