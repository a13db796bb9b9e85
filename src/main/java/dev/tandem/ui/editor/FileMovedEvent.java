package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The language service renamed a file (along with the public type it declares) and said so in its
 * answer: the IDE's tabs of that file follow it. The server has already moved the file; the paths
 * are untrusted input from the browser, used only to pick tabs.
 */
@DomEvent("tandem-file-moved")
public class FileMovedEvent extends ComponentEvent<CodeEditor> {

    private final String from;
    private final String to;

    public FileMovedEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.from") String from,
            @EventData("event.detail.to") String to) {
        super(source, fromClient);
        this.from = from;
        this.to = to;
    }

    /** The old workspace-relative path. */
    public String getFrom() {
        return from;
    }

    /** The new workspace-relative path. */
    public String getTo() {
        return to;
    }
}
