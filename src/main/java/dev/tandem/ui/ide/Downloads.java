package dev.tandem.ui.ide;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.tandem.workspace.FileEntry;
import dev.tandem.workspace.WorkspaceFiles;

/**
 * Downloads of workspace files: a file as it is, a folder as a zip. The stream is produced when
 * the browser asks for it, through the service, so the role check happens at that moment.
 */
class Downloads {

    private final WorkspaceFiles files;
    private final OpenWorkspace workspace;
    /** Hidden link that menu actions point at and click, because a menu item cannot be a link. */
    private final Anchor trigger = new Anchor();

    Downloads(WorkspaceFiles files, OpenWorkspace workspace) {
        this.files = files;
        this.workspace = workspace;
        trigger.setId("download-trigger");
        trigger.getStyle().set("display", "none");
    }

    Anchor trigger() {
        return trigger;
    }

    /** A link that downloads the file at {@code path}. */
    Anchor link(String path, String text) {
        return new Anchor(handler(path, false), AttachmentType.DOWNLOAD, text);
    }

    /** Starts downloading {@code entry}, or the whole workspace when it is null. */
    void start(FileEntry entry) {
        trigger.setHref(entry == null ? handler("", true) : handler(entry.path(), entry.directory()), AttachmentType.DOWNLOAD);
        trigger.getElement().executeJs("this.click()");
    }

    private DownloadHandler handler(String path, boolean directory) {
        String name = path.isEmpty() ? workspace.workspace().name() : FilePaths.name(path);
        if (directory) {
            return event -> {
                event.setFileName(name + ".zip");
                event.setContentType("application/zip");
                files.zip(workspace.username(), workspace.id(), path, event.getOutputStream());
            };
        }
        return event -> {
            event.setFileName(name);
            event.setContentType("application/octet-stream");
            try (var in = files.open(workspace.username(), workspace.id(), path)) {
                in.transferTo(event.getOutputStream());
            }
        };
    }
}
