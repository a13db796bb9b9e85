package dev.tandem.ui.ide;

/**
 * Workspace-relative paths as the workspace service speaks them: '/' separators, no leading '/',
 * "" for the root. Only string handling for display and for naming targets; the service validates.
 */
final class FilePaths {

    private FilePaths() {
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether {@code path} is {@code ancestor} itself or lies below it. */
    static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    /** {@code path} with its leading {@code from} replaced by {@code to}; assumes {@link #within}. */
    static String rebase(String path, String from, String to) {
        return to + path.substring(from.length());
    }

    /** The last segment of a name a browser sent, in case it sent a full client-side path. */
    static String baseName(String fileName) {
        return fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    }
}
