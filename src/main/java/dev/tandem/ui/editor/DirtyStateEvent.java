package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The browser's dirty state, sent when it flips and whenever a document is loaded. The
 * editor turns it into a {@link DirtyChangeEvent} only when the state it knows changes.
 * Public only because Vaadin creates DOM events reflectively; listen to
 * {@link DirtyChangeEvent} instead.
 */
@DomEvent("tandem-dirty-change")
public class DirtyStateEvent extends ComponentEvent<CodeEditor> {

    private final boolean dirty;

    public DirtyStateEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.dirty") boolean dirty) {
        super(source, fromClient);
        this.dirty = dirty;
    }

    boolean isDirty() {
        return dirty;
    }
}
