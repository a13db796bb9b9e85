package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The text of workspace files as collaborators see it, for other services (language services,
 * refactorings, formatters): read the live document when the file is open in a room, else the file
 * on disk; apply edits so that everyone editing sees them at once.
 *
 * <p>An edit of an open file is one transaction of the room's document, made by the server: it is
 * appended to the room's durable log before anyone sees it, broadcast to every client of the room,
 * and reaches the disk like any typing. Clients' cursors stay where they were (Yjs relative
 * positions). An edit of a file no room has open is applied to the file on disk in one atomic
 * replace (permissions kept); a room opened later starts from that text.
 *
 * <p>The text is the one editors show: a file whose line breaks are all CRLF is given with LF
 * breaks (and keeps CRLF on disk), so offsets and lines mean the same whether a room is open or not.
 * Offsets count UTF-16 code units ({@link String#length()}, as LSP's default encoding does).
 * Edits are resolved against the text as it is when they are applied, in the room's order: a
 * caller that computed them from an older text should check {@link #read} first or accept that
 * they land on the newer text.
 */
@Service
public class LiveDocuments {

    private final CollabService rooms;
    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final CollabProperties properties;

    /** What an edit left: the whole new text, and whether it went through a live room. */
    public record Edited(String text, boolean live) {
    }

    public LiveDocuments(CollabService rooms, WorkspaceService workspaces, WorkspaceFiles files, CollabProperties properties) {
        this.rooms = rooms;
        this.workspaces = workspaces;
        this.files = files;
        this.properties = properties;
    }

    /**
     * The current text of a file: the live document's when a room has the file open, else the
     * file's on disk. Any member of the workspace may read.
     *
     * @param username the acting user, whose membership is checked
     * @param path     workspace-relative path, e.g. {@code src/main/java/App.java} (a leading {@code /} is ignored)
     * @throws TandemException 404 (not a member, no such file), 400 (bad path), 413 (too large),
     *                         415 (not UTF-8 text)
     */
    public String read(String username, long workspaceId, String path) {
        RoomKey key = keyOf(workspaceId, path);
        Path file = files.resolve(username, workspaceId, key.path());
        return rooms.onDocument(key, Room::text, () -> readDisk(file, path));
    }

    /**
     * Applies {@code edits} (all relative to the current text, not overlapping; see {@link TextEdit})
     * as one change: in the open room as one durable, broadcast transaction, else as one atomic
     * rewrite of the file. Nothing is applied when any edit is invalid. Editors and owners only.
     *
     * @param username the acting user; viewers get a 403
     * @throws TandemException 400 (an edit outside the text, overlapping edits, bad path), 403,
     *                         404, 413, 415, or 503 when the document could not be stored
     */
    public Edited edit(String username, long workspaceId, String path, List<? extends TextEdit> edits) {
        Role role = workspaces.roleOf(username, workspaceId);
        if (!role.canWrite()) {
            throw TandemException.forbidden("Your role in this workspace cannot edit files");
        }
        RoomKey key = keyOf(workspaceId, path);
        Path file = files.resolve(username, workspaceId, key.path());
        return rooms.onDocument(key,
                room -> new Edited(room.edit(edits), true),
                () -> new Edited(editDisk(file, path, edits), false));
    }

    /** The room key, which is also the normalised path (a leading {@code /}, as in LSP URIs, is allowed). */
    private static RoomKey keyOf(long workspaceId, String path) {
        RoomKey key = RoomKey.of(workspaceId, path == null ? "" : path);
        if (key.presence()) {
            throw TandemException.badRequest("A file path is needed");
        }
        return key;
    }

    private String readDisk(Path file, String path) {
        String raw = readRaw(file, path);
        return DiskFile.isCrlf(raw) ? DiskFile.fromCrlf(raw) : raw;
    }

    private String readRaw(Path file, String path) {
        try {
            return DiskFile.readText(file, properties.maxDocumentSize().toBytes());
        } catch (NoSuchFileException e) {
            throw TandemException.notFound("No such file: " + path);
        } catch (CharacterCodingException e) {
            throw new TandemException(415, "not_text", path + " is not a UTF-8 text file");
        } catch (DiskFile.TooLargeException e) {
            throw TandemException.tooLarge(path + " is larger than " + properties.maxDocumentSize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String editDisk(Path file, String path, List<? extends TextEdit> edits) {
        String raw = readRaw(file, path);
        boolean crlf = DiskFile.isCrlf(raw);
        String before = crlf ? DiskFile.fromCrlf(raw) : raw;
        String after = TextEdits.apply(before, TextEdits.resolve(before, edits));
        if (!after.equals(before)) {
            try {
                DiskFile.writeText(file, crlf ? DiskFile.toCrlf(after) : after);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return after;
    }
}
