package dev.tandem.ui.ide;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.WorkspaceFiles;
import java.io.IOException;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.util.unit.DataSize;

/**
 * Uploads into the workspace. Each file streams straight into {@link WorkspaceFiles#write}, which
 * enforces the size limit and the role again; the browser-side limit only spares the user a
 * pointless transfer and says why up front.
 */
class FileUploads {

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    private final DataSize maxSize;

    FileUploads(WorkspaceFiles files, OpenWorkspace workspace, DataSize maxSize) {
        this.files = files;
        this.workspace = workspace;
        this.maxSize = maxSize;
    }

    /**
     * An upload that stores files into the folder {@code targetDir} names at the time of each
     * upload, and calls {@code stored} (in the UI) after each file.
     */
    Upload create(Supplier<String> targetDir, Runnable stored) {
        var upload = new Upload();
        upload.setUploadHandler(handler(targetDir, stored));
        upload.setMaxFiles(100);
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxSize.toBytes()));
        upload.addFileRejectedListener(e -> Toast.error("“" + e.getFileName() + "” was not uploaded: "
                + (e.getErrorMessage().toLowerCase(Locale.ROOT).contains("big") ? "files may be at most " + limit() + "." : e.getErrorMessage())));
        upload.addAllFinishedListener(e -> upload.clearFileList());
        return upload;
    }

    String limit() {
        long mb = maxSize.toMegabytes();
        return mb > 0 ? mb + " MB" : maxSize.toKilobytes() + " KB";
    }

    private UploadHandler handler(Supplier<String> targetDir, Runnable stored) {
        return event -> {
            UI ui = event.getUI();
            String path = FilePaths.join(targetDir.get(), FilePaths.baseName(event.getFileName()));
            try {
                files.write(workspace.username(), workspace.id(), path, event.getInputStream());
                ui.access(stored::run);
            } catch (TandemException e) {
                ui.access(() -> Toast.error("“" + event.getFileName() + "” was not uploaded: " + e.getMessage()));
                // Failing the request marks the file as failed in the upload list as well.
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
