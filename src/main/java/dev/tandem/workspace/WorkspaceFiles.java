package dev.tandem.workspace;

import dev.tandem.config.TandemException;
import dev.tandem.config.TandemProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The files of a workspace. Paths are workspace-relative with '/' separators ("" is the root);
 * each is normalised and confined to the workspace folder: {@code ..}, absolute paths,
 * backslashes, control characters, percent-encoded bytes and symbolic links that resolve outside
 * the workspace are refused with a 400.
 *
 * <p>Members read, editors and owners write (viewers get 403), non-members get 404. Writes are
 * atomic: the data goes to a staging file first and replaces the target in one rename, so a
 * reader sees the old content or the new one, never a part, and a failed write leaves nothing.
 */
@Service
public class WorkspaceFiles {

    private static final Comparator<FileEntry> DIRECTORIES_FIRST = Comparator
            .comparing((FileEntry e) -> !e.directory())
            .thenComparing(FileEntry::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(FileEntry::name);

    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private final WorkspaceService workspaces;
    private final TandemProperties properties;
    private final ApplicationEventPublisher events;

    public WorkspaceFiles(WorkspaceService workspaces, TandemProperties properties, ApplicationEventPublisher events) {
        this.events = events;
        this.workspaces = workspaces;
        this.properties = properties;
    }

    /** One level of a folder, folders first, then by name. */
    public List<FileEntry> list(String username, long id, String dir) {
        workspaces.roleOf(username, id);
        Root root = root(id);
        String path = WorkspacePaths.normalise(dir);
        Path folder = root.confined(path, true);
        if (!Files.isDirectory(folder)) {
            throw Files.exists(folder) ? badRequest("'" + path + "' is not a folder") : notFound(path);
        }
        List<FileEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                entries.add(root.entry(WorkspacePaths.join(path, child.getFileName().toString()), child));
            }
        } catch (IOException e) {
            throw failure(e, path);
        }
        entries.sort(DIRECTORIES_FIRST);
        return entries;
    }

    /** The file or folder at {@code path}; 404 when there is none. */
    public FileEntry stat(String username, long id, String path) {
        workspaces.roleOf(username, id);
        Root root = root(id);
        String clean = WorkspacePaths.normalise(path);
        Path target = root.confined(clean, true);
        if (!Files.exists(target)) {
            throw notFound(clean);
        }
        try {
            return root.entry(clean, target);
        } catch (IOException e) {
            throw failure(e, clean);
        }
    }

    /** The content of a file, for the caller to close; 400 for a folder, 404 when missing. */
    public InputStream open(String username, long id, String path) {
        workspaces.roleOf(username, id);
        String clean = WorkspacePaths.normalise(path);
        Path target = root(id).confined(clean, true);
        if (Files.isDirectory(target)) {
            throw badRequest("'" + clean + "' is a folder");
        }
        try {
            return Files.newInputStream(target);
        } catch (IOException e) {
            throw failure(e, clean);
        }
    }

    /**
     * Replaces (or creates) a file with {@code data}, creating missing parent folders; editors
     * and owners only. Reads at most {@code tandem.max-upload-size} bytes (413 beyond). The old
     * content stays in place until all data has arrived, and stays for good if anything fails.
     *
     * @return the written file
     */
    public FileEntry write(String username, long id, String path, InputStream data) {
        workspaces.requireWriter(username, id);
        Root root = root(id);
        String clean = nonRoot(path);
        Path target = root.confined(clean, true);
        if (Files.isDirectory(target)) {
            throw TandemException.conflict("'" + clean + "' is a folder");
        }
        try {
            // Writing through a link that stays inside the workspace writes its target, not over the link.
            Path destination = Files.isSymbolicLink(target) ? target.toRealPath() : target;
            Path staged = stage(data);
            try {
                Files.createDirectories(destination.getParent());
                replace(staged, destination);
            } finally {
                Files.deleteIfExists(staged);
            }
            return root.entry(clean, destination);
        } catch (IOException e) {
            throw failure(e, clean);
        }
    }

    /**
     * Writes several files under {@code dir}, each as {@link #write} does; editors and owners only.
     * Every name (also against links out of the workspace) and announced size is checked first,
     * so a bad name (400) or an oversized file (413) writes none of them.
     *
     * @return the written files, in the order given
     */
    public List<FileEntry> upload(String username, long id, String dir, List<Upload> uploads) {
        workspaces.requireWriter(username, id);
        Root root = root(id);
        String folder = WorkspacePaths.normalise(dir);
        long limit = properties.maxUploadSize().toBytes();
        List<String> paths = new ArrayList<>();
        for (Upload upload : uploads) {
            if (upload.name() == null || upload.name().isBlank()) {
                throw badRequest("Every uploaded file needs a name");
            }
            String path = WorkspacePaths.normalise(WorkspacePaths.join(folder, WorkspacePaths.normalise(upload.name())));
            if (path.equals(folder)) {
                throw badRequest("'" + upload.name() + "' is not a file name");
            }
            root.confined(path, true);
            if (upload.size() > limit) {
                throw TandemException.tooLarge("A file may be at most " + properties.maxUploadSize() + " large");
            }
            paths.add(path);
        }
        List<FileEntry> written = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            try (InputStream in = uploads.get(i).content().getInputStream()) {
                written.add(write(username, id, paths.get(i), in));
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the upload of '" + paths.get(i) + "' failed", e);
            }
        }
        return written;
    }

    /** Creates a folder and its missing parents; editors and owners only; 409 when something exists there. */
    public void createDirectory(String username, long id, String path) {
        workspaces.requireWriter(username, id);
        String clean = nonRoot(path);
        Path target = root(id).confined(clean, true);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw TandemException.conflict("'" + clean + "' already exists");
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw failure(e, clean);
        }
    }

    /**
     * Moves or renames a file or folder (a symbolic link moves as a link, if it points inside the
     * workspace); editors and owners only; creates missing parents of the target; 409 when the
     * target exists.
     */
    public void move(String username, long id, String from, String to) {
        workspaces.requireWriter(username, id);
        Root root = root(id);
        String source = nonRoot(from);
        String destination = nonRoot(to);
        if (destination.equals(source) || destination.startsWith(source + "/")) {
            throw badRequest("Cannot move '" + source + "' into itself");
        }
        Path sourcePath = root.confined(source, true);
        Path targetPath = root.confined(destination, false);
        if (!Files.exists(sourcePath, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(source);
        }
        if (Files.exists(targetPath, LinkOption.NOFOLLOW_LINKS)) {
            throw TandemException.conflict("'" + destination + "' already exists");
        }
        try {
            Files.createDirectories(targetPath.getParent());
            Files.move(sourcePath, targetPath);
        } catch (IOException e) {
            throw failure(e, destination);
        }
        events.publishEvent(new WorkspaceEvent.FileMoved(id, source, destination));
    }

    /** Deletes a file, a folder with its content, or a symbolic link (never its target); editors and owners only. */
    public void delete(String username, long id, String path) {
        workspaces.requireWriter(username, id);
        String clean = nonRoot(path);
        Path target = root(id).confined(clean, false);
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(clean);
        }
        try {
            FileTrees.deleteRecursively(target);
        } catch (IOException e) {
            throw failure(e, clean);
        }
        events.publishEvent(new WorkspaceEvent.FileDeleted(id, clean));
    }

    /**
     * Writes a zip of a folder (entries relative to it) or of one file to {@code out}, streaming;
     * does not close {@code out}. Symbolic links are followed only to files inside the workspace.
     */
    public void zip(String username, long id, String dir, OutputStream out) {
        workspaces.roleOf(username, id);
        Root root = root(id);
        String clean = WorkspacePaths.normalise(dir);
        Path start = root.confined(clean, true);
        if (!Files.exists(start)) {
            throw notFound(clean);
        }
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            if (Files.isDirectory(start)) {
                zipFolder(root, start, zip);
            } else {
                addFile(zip, start.getFileName().toString(), start);
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the zip of '" + clean + "' failed", e);
        }
    }

    /**
     * The absolute, confined location of {@code path} for other services (any member). It may not
     * exist yet; its existing part is inside the workspace.
     */
    public Path resolve(String username, long id, String path) {
        workspaces.roleOf(username, id);
        return root(id).confined(WorkspacePaths.normalise(path), true);
    }

    /**
     * The place of an existing regular file, for the server's own work on no user's behalf (the
     * document server writing out a file's last edits after a crash); empty when the workspace or
     * the file is gone, or the path leads outside the workspace.
     */
    public Optional<Path> locateExisting(long id, String path) {
        Path dir = workspaces.directory(id);
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            Path file = new Root(dir, dir.toRealPath()).confined(WorkspacePaths.normalise(path), true);
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
        } catch (IOException | TandemException e) {
            return Optional.empty();
        }
    }

    private void zipFolder(Root root, Path start, ZipOutputStream zip) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(start)) {
                    zip.putNextEntry(new ZipEntry(relative(start, dir) + "/"));
                    zip.closeEntry();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    addFile(zip, relative(start, file), file);
                } else if (attrs.isSymbolicLink() && root.isInside(file) && Files.isRegularFile(file)) {
                    addFile(zip, relative(start, file), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void addFile(ZipOutputStream zip, String name, Path file) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(Files.getLastModifiedTime(file));
        zip.putNextEntry(entry);
        Files.copy(file, zip);
        zip.closeEntry();
    }

    private static String relative(Path start, Path path) {
        return start.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    /** Copies at most the size limit into a fresh staging file, beside the workspaces on the same disk. */
    private Path stage(InputStream data) throws IOException {
        Path staging = properties.workspacesDir().resolve(".staging");
        Files.createDirectories(staging);
        Path staged = Files.createTempFile(staging, "write-", ".part");
        long limit = properties.maxUploadSize().toBytes();
        try (OutputStream out = Files.newOutputStream(staged)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = data.read(buffer)) >= 0; ) {
                total += n;
                if (total > limit) {
                    throw TandemException.tooLarge("A file may be at most " + properties.maxUploadSize() + " large");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged);
            throw e;
        }
        return staged;
    }

    /** Puts the staged file in place in one rename, with the replaced file's permissions (a new file: rw-r--r--). */
    private static void replace(Path staged, Path target) throws IOException {
        Set<PosixFilePermission> permissions = permissionsFor(target);
        try {
            setPermissions(staged, permissions);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // The workspace is on another file system than the staging folder: stage again beside the target.
            Path local = Files.createTempFile(target.getParent(), ".tandem-", ".part");
            try {
                Files.copy(staged, local, StandardCopyOption.REPLACE_EXISTING);
                setPermissions(local, permissions);
                Files.move(local, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(local);
            }
        }
    }

    private static Set<PosixFilePermission> permissionsFor(Path target) throws IOException {
        try {
            return Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE_PERMISSIONS;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        // Staging files are created owner-only; without this every written file would end up so.
        if (permissions != null) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }

    private Root root(long id) {
        Path dir = workspaces.directory(id);
        try {
            Files.createDirectories(dir);
            return new Root(dir, dir.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the folder of workspace " + id, e);
        }
    }

    private static String nonRoot(String path) {
        String clean = WorkspacePaths.normalise(path);
        if (clean.isEmpty()) {
            throw badRequest("This needs a path inside the workspace, not its root");
        }
        return clean;
    }

    /** The client-facing error for a failed file operation; anything unexpected stays a server error. */
    private static RuntimeException failure(IOException e, String path) {
        if (e instanceof NoSuchFileException) {
            return notFound(path);
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || e instanceof DirectoryNotEmptyException) {
            return TandemException.conflict("'" + path + "' conflicts with an existing file or folder");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null && fs.getReason().contains("Not a directory")) {
            return TandemException.conflict("A file is in the way of '" + path + "'");
        }
        return new UncheckedIOException(e);
    }

    private static TandemException notFound(String path) {
        return TandemException.notFound("No file or folder '" + path + "'");
    }

    private static TandemException badRequest(String message) {
        return new TandemException(400, "bad_path", message);
    }

    /** A workspace folder, as given and as its real path, for confinement checks. */
    private record Root(Path dir, Path real) {

        /**
         * {@code dir/path}, after checking that the deepest part of it that exists resolves inside
         * the workspace. With {@code followLeaf} false the last segment itself is not followed
         * (so a link can be moved or deleted), only its parent is checked.
         */
        Path confined(String path, boolean followLeaf) {
            Path target = path.isEmpty() ? dir : dir.resolve(path);
            Path probe = followLeaf || path.isEmpty() ? target : target.getParent();
            while (!probe.equals(dir) && !Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
                probe = probe.getParent();
            }
            if (!isInside(probe)) {
                throw badRequest("'" + path + "' leads outside the workspace through a symbolic link");
            }
            return target;
        }

        /** Whether the path resolves, through any links, to somewhere in the workspace; false if it cannot resolve. */
        boolean isInside(Path path) {
            try {
                return path.toRealPath().startsWith(real);
            } catch (IOException e) {
                return false;
            }
        }

        /** The entry for an existing path; a link is described by its target when that is inside the workspace. */
        FileEntry entry(String relative, Path path) throws IOException {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink() && isInside(path)) {
                attrs = Files.readAttributes(path, BasicFileAttributes.class);
            }
            boolean directory = attrs.isDirectory();
            return new FileEntry(relative, WorkspacePaths.name(relative), directory,
                    directory ? 0 : attrs.size(), attrs.lastModifiedTime().toInstant());
        }
    }
}
