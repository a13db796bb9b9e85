package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/** The connection of a live document changed: {@code connecting}, {@code live} or {@code offline}. */
@DomEvent("tandem-collab-status")
public class CollabStatusEvent extends ComponentEvent<CodeEditor> {

    private final String status;

    public CollabStatusEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.status") String status) {
        super(source, fromClient);
        this.status = status;
    }

    public String getStatus() {
        return status;
    }
}
