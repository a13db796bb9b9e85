package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/** The main cursor moved or the selection changed (throttled in the browser). */
@DomEvent("tandem-cursor")
public class CursorEvent extends ComponentEvent<CodeEditor> {

    private final int line;
    private final int column;
    private final int selectionLength;

    public CursorEvent(CodeEditor source, boolean fromClient,
            @EventData("event.detail.line") int line,
            @EventData("event.detail.column") int column,
            @EventData("event.detail.selectionLength") int selectionLength) {
        super(source, fromClient);
        this.line = line;
        this.column = column;
        this.selectionLength = selectionLength;
    }

    /** 1-based line of the main cursor. */
    public int getLine() {
        return line;
    }

    /** 1-based column (in characters) of the main cursor. */
    public int getColumn() {
        return column;
    }

    /** Characters selected over all selection ranges; 0 without a selection. */
    public int getSelectionLength() {
        return selectionLength;
    }
}
