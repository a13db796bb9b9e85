package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;

/** The buffer started or stopped differing from the last saved text. */
public class DirtyChangeEvent extends ComponentEvent<CodeEditor> {

    private final boolean dirty;

    public DirtyChangeEvent(CodeEditor source, boolean fromClient, boolean dirty) {
        super(source, fromClient);
        this.dirty = dirty;
    }

    public boolean isDirty() {
        return dirty;
    }
}
