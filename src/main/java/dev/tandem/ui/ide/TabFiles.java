package dev.tandem.ui.ide;

import com.vaadin.flow.component.Component;
import dev.tandem.config.TandemException;
import dev.tandem.lang.LangService;
import dev.tandem.workspace.WorkspaceFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.util.unit.DataSize;

/** Reads files into editor tabs and writes them back, through the workspace service. */
class TabFiles {

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    private final Downloads downloads;
    private final DataSize maxSize;
    private final LangService lang;

    /**
     * @param maxSize the largest file opened as text: the same limit as for uploads and writes,
     *                since a file that could not be saved back should not be edited
     */
    TabFiles(WorkspaceFiles files, OpenWorkspace workspace, Downloads downloads, DataSize maxSize, LangService lang) {
        this.files = files;
        this.lang = lang;
        this.workspace = workspace;
        this.downloads = downloads;
        this.maxSize = maxSize;
    }

    long workspaceId() {
        return workspace.id();
    }

    String username() {
        return workspace.username();
    }

    boolean canWrite() {
        return workspace.canWrite();
    }

    FileContent load(String path) {
        var entry = files.stat(workspace.username(), workspace.id(), path);
        if (entry.size() > maxSize.toBytes()) {
            return FileContent.tooLarge();
        }
        try (var in = files.open(workspace.username(), workspace.id(), path)) {
            return FileContent.of(in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize.toBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code path} is a file this user can still open. */
    boolean exists(String path) {
        try {
            return !files.stat(workspace.username(), workspace.id(), path).directory();
        } catch (TandemException e) {
            return false;
        }
    }

    void write(String path, byte[] bytes) {
        files.write(workspace.username(), workspace.id(), path, new ByteArrayInputStream(bytes));
    }

    /** Applies a language server's edits (LSP TextEdit[] JSON) to a file no editor of this page has open. */
    void applyEdits(String path, String editsJson) {
        lang.applyEdits(workspace.username(), workspace.id(), path, editsJson);
    }

    Component downloadLink(String path, String text) {
        return downloads.link(path, text);
    }

    String maxTextSize() {
        return maxSize.toMegabytes() + " MB";
    }
}
