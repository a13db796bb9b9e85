package dev.tandem.ui.ide;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.Locale;

/** The line under the editor: cursor position, language, encoding and whether the file is saved. */
class StatusBar extends Composite<HorizontalLayout> {

    private final Span position = item("status-position");
    private final Span language = item("status-language");
    private final Span encoding = item("status-encoding");
    private final Span saveState = item("status-save");

    StatusBar() {
        var bar = getContent();
        bar.setId("status-bar");
        bar.addClassName("status-bar");
        bar.setWidthFull();
        var spacer = new Span();
        bar.add(saveState, spacer, position, language, encoding);
        bar.expand(spacer);
        show(null);
    }

    /** Shows the state of the active tab, or blanks when no tab is open. */
    void show(EditorTab tab) {
        boolean text = tab != null && tab.isText();
        position.setText(!text ? "" : "Ln " + tab.line() + ", Col " + tab.column()
                + (tab.selected() > 0 ? " (" + tab.selected() + " selected)" : ""));
        language.setText(text ? tab.language() : "");
        encoding.setText(text ? "UTF-8" : "");
        saveState.setText(tab == null ? "" : tab.saveState().label());
        saveState.getElement().setAttribute("data-state", tab == null ? "" : tab.saveState().name().toLowerCase(Locale.ROOT));
    }

    private static Span item(String id) {
        var span = new Span();
        span.setId(id);
        return span;
    }
}
