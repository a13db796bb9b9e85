package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The server closed the live document for good: {@code 4410} with reason {@code moved:<new path>},
 * {@code 4404} deleted (or, refusing a new socket, no such file or not a member), {@code 4403} no
 * longer a member, {@code 4415} not text, {@code 4413} too large, {@code 4400} a bad path.
 */
@DomEvent("tandem-collab-closed")
public class CollabClosedEvent extends ComponentEvent<CodeEditor> {

    private final int code;
    private final String reason;

    public CollabClosedEvent(CodeEditor source, boolean fromClient, @EventData("event.detail.code") int code,
                             @EventData("event.detail.reason") String reason) {
        super(source, fromClient);
        this.code = code;
        this.reason = reason;
    }

    public int getCode() {
        return code;
    }

    public String getReason() {
        return reason;
    }
}
