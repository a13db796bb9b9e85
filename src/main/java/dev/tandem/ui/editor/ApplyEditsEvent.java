package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The language service answered with edits (rename, quick fix) for a file that has no editor on
 * this page: the IDE applies them on the server. {@code edits} is the LSP {@code TextEdit[]} as
 * JSON, exactly as the language server sent it to the browser.
 */
@DomEvent("tandem-apply-edits")
public class ApplyEditsEvent extends ComponentEvent<CodeEditor> {

    private final String path;
    private final String edits;

    public ApplyEditsEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.path") String path,
            @EventData("event.detail.edits") String edits) {
        super(source, fromClient);
        this.path = path;
        this.edits = edits;
    }

    /** Workspace-relative path. */
    public String getPath() {
        return path;
    }

    /** LSP {@code TextEdit[]} as JSON; untrusted input from the browser. */
    public String getEdits() {
        return edits;
    }
}
