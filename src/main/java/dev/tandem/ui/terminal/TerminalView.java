package dev.tandem.ui.terminal;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.shared.Registration;

/**
 * One terminal in the page: the {@code <tandem-terminal>} web component (xterm.js with its fit,
 * web-links and search addons), which talks to the terminal's websocket itself with the page's
 * session. The server side only tells it which terminal to show and hears when it ends.
 */
@Tag("tandem-terminal")
@JsModule("./tandem-terminal/tandem-terminal.ts")
@NpmPackage(value = "@xterm/xterm", version = "6.0.0")
@NpmPackage(value = "@xterm/addon-fit", version = "0.11.0")
@NpmPackage(value = "@xterm/addon-web-links", version = "0.12.0")
@NpmPackage(value = "@xterm/addon-search", version = "0.16.0")
public class TerminalView extends com.vaadin.flow.component.Component implements HasSize {

    public TerminalView(long workspaceId, String terminalId) {
        getElement().setProperty("workspaceId", workspaceId);
        getElement().setProperty("terminalId", terminalId);
        getElement().setAttribute("data-terminal-id", terminalId);
    }

    /** Gives the keyboard to the terminal. */
    public void focus() {
        getElement().callJsFunction("focus");
    }

    /** Fired when the terminal ended: the shell exited, or it was closed, idle or stopped. */
    public Registration addExitListener(ComponentEventListener<ExitEvent> listener) {
        return addListener(ExitEvent.class, listener);
    }

    /** The terminal ended; {@link #getMessage()} says why, for people. */
    @DomEvent("terminal-exit")
    public static class ExitEvent extends ComponentEvent<TerminalView> {

        private final String reason;
        private final String message;

        public ExitEvent(TerminalView source, boolean fromClient,
                         @EventData("event.detail.reason") String reason,
                         @EventData("event.detail.message") String message) {
            super(source, fromClient);
            this.reason = reason;
            this.message = message;
        }

        /** {@code exited}, {@code closed}, {@code idle} or {@code stopped}. */
        public String getReason() {
            return reason;
        }

        public String getMessage() {
            return message;
        }
    }
}
