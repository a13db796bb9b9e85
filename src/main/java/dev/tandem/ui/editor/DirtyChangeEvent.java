package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/** The buffer started or stopped differing from the last saved text. */
@DomEvent("tandem-dirty-change")
public class DirtyChangeEvent extends ComponentEvent<CodeEditor> {

    private final boolean dirty;

    public DirtyChangeEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.dirty") boolean dirty) {
        super(source, fromClient);
        this.dirty = dirty;
    }

    public boolean isDirty() {
        return dirty;
    }
}
