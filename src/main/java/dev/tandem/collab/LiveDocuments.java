package dev.tandem.collab;

import dev.tandem.config.TandemException;
import dev.tandem.crdt.Lib0Decoder;
import dev.tandem.crdt.Lib0Encoder;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
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
 * <p>The text is the one editors show: every line break is LF (the file keeps its most common kind
 * on disk, {@link LineBreaks}), so offsets and lines mean the same whether a room is open or not.
 * Offsets count UTF-16 code units ({@link String#length()}, as LSP's default encoding does).
 * Edits are resolved against the text as it is when they are applied, in the room's order: a
 * caller that computed them from an older text should check {@link #read} first or accept that
 * they land on the newer text.
 *
 * <p>Roles and paths are checked here, in the IDE server; the documents live in the document
 * server's process ({@link DocumentAccess} there), which this class calls.
 */
@Service
public class LiveDocuments {

    private final DocumentServerProcess documents;
    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;

    /** What an edit left: the whole new text, and whether it went through a live room. */
    public record Edited(String text, boolean live) {
    }

    public LiveDocuments(DocumentServerProcess documents, WorkspaceService workspaces, WorkspaceFiles files) {
        this.documents = documents;
        this.workspaces = workspaces;
        this.files = files;
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
        Lib0Encoder call = new Lib0Encoder();
        writeDocument(call, key, file);
        return new Lib0Decoder(documents.call(InternalCalls.READ, call.toByteArray())).readVarString();
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
        if (edits == null) {
            throw TandemException.badRequest("No edits given");
        }
        for (TextEdit edit : edits) {
            if (edit == null) {
                throw TandemException.badRequest("An edit is missing");
            }
        }
        RoomKey key = keyOf(workspaceId, path);
        Path file = files.resolve(username, workspaceId, key.path());
        Lib0Encoder call = new Lib0Encoder();
        writeDocument(call, key, file);
        InternalCalls.writeEdits(call, edits);
        Lib0Decoder answer = new Lib0Decoder(documents.call(InternalCalls.EDIT, call.toByteArray()));
        return new Edited(answer.readVarString(), answer.readUint8() == 1);
    }

    private static void writeDocument(Lib0Encoder call, RoomKey key, Path file) {
        call.writeVarUint(key.workspaceId());
        call.writeVarString(key.path());
        call.writeVarString(file.toString());
    }

    /** The room key, which is also the normalised path (a leading {@code /}, as in LSP URIs, is allowed). */
    private static RoomKey keyOf(long workspaceId, String path) {
        RoomKey key = RoomKey.of(workspaceId, path == null ? "" : path);
        if (key.presence()) {
            throw TandemException.badRequest("A file path is needed");
        }
        return key;
    }
}
