package dev.tandem.ui.collab;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;

/**
 * Who is in the workspace, and follow mode: the {@code <tandem-presence>} web component on the
 * workspace's presence room. Following someone fires {@link FollowFileEvent} with their active
 * file, which the IDE opens; the editor then keeps their cursor in view. Owners get a button that
 * asks everyone to follow them.
 */
@Tag("tandem-presence")
@JsModule("./tandem-presence/tandem-presence.ts")
@NpmPackage(value = "yjs", version = "13.6.33")
@NpmPackage(value = "y-websocket", version = "3.1.0")
public class PresenceBar extends Component {

    /** Someone being followed has {@code path} open. */
    @DomEvent("tandem-follow-file")
    public static class FollowFileEvent extends ComponentEvent<PresenceBar> {
        private final String path;

        public FollowFileEvent(PresenceBar source, boolean fromClient, @EventData("event.detail.path") String path) {
            super(source, fromClient);
            this.path = path;
        }

        public String getPath() {
            return path;
        }
    }

    public PresenceBar(long workspaceId, String userName, boolean canLead) {
        setId("presence");
        getElement().setProperty("workspaceId", workspaceId);
        getElement().setProperty("userName", userName);
        getElement().setProperty("canLead", canLead);
    }

    /** The file this user has in front of them (shown to the others), or null. */
    public void setActiveFile(String path) {
        getElement().setProperty("activeFile", path == null ? "" : path);
    }

    public Registration addFollowFileListener(ComponentEventListener<FollowFileEvent> listener) {
        return addListener(FollowFileEvent.class, listener);
    }
}
