package dev.tandem.ui.editor;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;

/**
 * The user saved (Ctrl/Cmd-S) or the editor auto-saved after idle. The listener stores
 * {@link #getText()} and then calls {@link CodeEditor#markSaved(String)}.
 */
@DomEvent("tandem-save")
public class SaveEvent extends ComponentEvent<CodeEditor> {

    private final String text;
    private final int sequence;
    private final boolean auto;

    public SaveEvent(CodeEditor source, boolean fromClient,
            @EventData("event.detail.text") String text,
            @EventData("event.detail.sequence") int sequence,
            @EventData("event.detail.auto") boolean auto) {
        super(source, fromClient);
        this.text = text;
        this.sequence = sequence;
        this.auto = auto;
    }

    /** The whole buffer, with the file's own line breaks. */
    public String getText() {
        return text;
    }

    /** True for an auto-save after idle, false for an explicit save. */
    public boolean isAutoSave() {
        return auto;
    }

    int getSequence() {
        return sequence;
    }
}
