package dev.tandem.collab;

import dev.tandem.config.TandemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The document server's side of {@link LiveDocuments}: reads and edits a file through its open
 * room, or on disk when no room has it open. The IDE server has already checked the caller's role
 * and confined the path to the workspace; {@code file} is where it resolved to.
 */
final class DocumentAccess {

    private final CollabService rooms;
    private final long maxDocumentSize;

    DocumentAccess(CollabService rooms, CollabProperties properties) {
        this.rooms = rooms;
        this.maxDocumentSize = properties.maxDocumentSize().toBytes();
    }

    String read(RoomKey key, Path file) {
        return rooms.onDocument(key, Room::text, () -> readDisk(file, key.path()));
    }

    LiveDocuments.Edited edit(RoomKey key, Path file, List<? extends TextEdit> edits) {
        return rooms.onDocument(key,
                room -> new LiveDocuments.Edited(room.edit(edits), true),
                () -> new LiveDocuments.Edited(editDisk(file, key.path(), edits), false));
    }

    private String readDisk(Path file, String path) {
        return LineBreaks.normalise(readRaw(file, path));
    }

    private String readRaw(Path file, String path) {
        try {
            return DiskFile.readText(file, maxDocumentSize);
        } catch (NoSuchFileException e) {
            throw TandemException.notFound("No such file: " + path);
        } catch (CharacterCodingException e) {
            throw new TandemException(415, "not_text", path + " is not a UTF-8 text file");
        } catch (DiskFile.TooLargeException e) {
            throw TandemException.tooLarge(path + " is larger than " + maxDocumentSize + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String editDisk(Path file, String path, List<? extends TextEdit> edits) {
        String raw = readRaw(file, path);
        String before = LineBreaks.normalise(raw);
        String after = TextEdits.apply(before, TextEdits.resolve(before, edits));
        if (!after.equals(before)) {
            try {
                DiskFile.writeText(file, LineBreaks.of(raw).toFile(after));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return after;
    }
}
