package dev.tandem.ui.editor;

import com.vaadin.flow.component.dependency.Uses;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;

/**
 * Puts the editor's browser code and npm packages into the production frontend bundle.
 *
 * <p>Vaadin bundles only what it reaches from entry points (routes, app shell, init
 * listeners), and subtypes of {@link VaadinServiceInitListener} are such entry points even
 * when never registered. This keeps {@link CodeEditor} in the bundle regardless of which
 * views use it, which also lets test-only routes host it. It is deliberately not a bean.
 */
@Uses(CodeEditor.class)
final class EditorFrontendDependencies implements VaadinServiceInitListener {

    @Override
    public void serviceInit(ServiceInitEvent event) {
        // Nothing to do at run time: the class matters only to the bundle scanner.
    }
}
