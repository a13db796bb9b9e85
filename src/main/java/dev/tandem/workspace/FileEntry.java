package dev.tandem.workspace;

import java.time.Instant;

/**
 * A file or folder of a workspace.
 *
 * @param path      workspace-relative, '/'-separated, no leading '/'; "" is the root
 * @param name      the last segment of the path ("" for the root)
 * @param directory true for a folder
 * @param size      bytes of a file; 0 for a folder
 * @param modified  last modification time
 */
public record FileEntry(String path, String name, boolean directory, long size, Instant modified) {
}
