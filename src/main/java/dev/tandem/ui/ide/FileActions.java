package dev.tandem.ui.ide;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.WorkspaceFiles;
import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * What the file tree's menu and drag and drop do: ask the user what is needed, call the workspace
 * service, and tell the rest of the page ({@link Listener}) what changed.
 */
class FileActions {

    /** The page's reaction to changes made here. */
    interface Listener {
        void changed();

        void open(String path);

        void moved(String from, String to);

        void deleted(String path);
    }

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    private final FileUploads uploads;
    private final Listener listener;

    FileActions(WorkspaceFiles files, OpenWorkspace workspace, FileUploads uploads, Listener listener) {
        this.files = files;
        this.workspace = workspace;
        this.uploads = uploads;
        this.listener = listener;
    }

    void newFile(String dir) {
        new NameDialog("New file", "File name (may include folders: src/App.java)", "", "Create", name -> {
            String path = FilePaths.join(dir, name);
            if (exists(path)) {
                Toast.error("“" + path + "” already exists");
                return false;
            }
            boolean created = Toast.attempt(() -> files.write(workspace.username(), workspace.id(), path,
                    new ByteArrayInputStream(new byte[0])));
            if (created) {
                listener.changed();
                listener.open(path);
            }
            return created;
        }).open();
    }

    void newFolder(String dir) {
        new NameDialog("New folder", "Folder name", "", "Create", name -> done(() ->
                files.createDirectory(workspace.username(), workspace.id(), FilePaths.join(dir, name)))).open();
    }

    void rename(FileEntry entry) {
        new NameDialog("Rename", "New name", entry.name(), "Rename", name -> {
            if (name.contains("/")) {
                Toast.error("A name cannot contain '/'; drag the item to move it to another folder");
                return false;
            }
            return move(entry, FilePaths.join(FilePaths.parent(entry.path()), name));
        }).open();
    }

    void delete(FileEntry entry) {
        var dialog = new ConfirmDialog();
        dialog.setId("delete-file-dialog");
        dialog.setHeader("Delete “" + entry.name() + "”?");
        dialog.setText(entry.directory()
                ? "The folder " + entry.path() + " and everything in it will be deleted."
                : "The file " + entry.path() + " will be deleted.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Delete");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(e -> {
            if (done(() -> files.delete(workspace.username(), workspace.id(), entry.path()))) {
                listener.deleted(entry.path());
            }
        });
        dialog.open();
    }

    /** Moves the dragged items into {@code targetDir}; dropping an item where it already is does nothing. */
    void moveInto(List<FileEntry> dragged, String targetDir) {
        for (FileEntry entry : dragged) {
            if (FilePaths.parent(entry.path()).equals(targetDir)) {
                continue;
            }
            if (FilePaths.within(targetDir, entry.path())) {
                Toast.error("Cannot move “" + entry.name() + "” into itself");
                continue;
            }
            move(entry, FilePaths.join(targetDir, entry.name()));
        }
    }

    void uploadInto(String dir) {
        var dialog = new Dialog();
        dialog.setId("upload-dialog");
        dialog.setHeaderTitle("Upload to /" + dir);
        var upload = uploads.create(() -> dir, listener::changed);
        upload.setId("upload-dialog-upload");
        dialog.add(new Paragraph("Files up to " + uploads.limit() + " each. Existing files are replaced."), upload);
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        dialog.open();
    }

    private boolean move(FileEntry entry, String to) {
        boolean moved = done(() -> files.move(workspace.username(), workspace.id(), entry.path(), to));
        if (moved) {
            listener.moved(entry.path(), to);
        }
        return moved;
    }

    private boolean done(Runnable change) {
        boolean ok = Toast.attempt(change);
        if (ok) {
            listener.changed();
        }
        return ok;
    }

    private boolean exists(String path) {
        try {
            files.stat(workspace.username(), workspace.id(), path);
            return true;
        } catch (TandemException e) {
            return false;
        }
    }
}
