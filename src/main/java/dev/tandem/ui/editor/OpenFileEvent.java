package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The language service wants a file shown (go to definition, find references into another file):
 * the IDE opens {@code path} and, when {@code line} is positive, puts the cursor there.
 */
@DomEvent("tandem-open-file")
public class OpenFileEvent extends ComponentEvent<CodeEditor> {

    private final String path;
    private final int line;
    private final int column;

    public OpenFileEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.path") String path,
            @EventData("event.detail.line") int line, @EventData("event.detail.column") int column) {
        super(source, fromClient);
        this.path = path;
        this.line = line;
        this.column = column;
    }

    /** Workspace-relative path. */
    public String getPath() {
        return path;
    }

    /** 1-based; 0 when no position is asked for. */
    public int getLine() {
        return line;
    }

    /** 1-based; 0 when no position is asked for. */
    public int getColumn() {
        return column;
    }
}
