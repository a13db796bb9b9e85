package dev.tandem.ui.ide;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/**
 * The collapsible panel under the editor, holding the terminals and builds in {@link #body()}. Its
 * top edge is a grip: dragging it (or the arrow keys on it) makes the panel taller or shorter, and
 * what is inside follows (a terminal refits itself and resizes its pty).
 */
class BottomPanel extends Composite<VerticalLayout> {

    /**
     * Dragging the grip sets the body's height in the browser: a drag is many small moves that need no
     * round trip. Bounds: 6rem, and the window less 200 px for the editor.
     */
    private static final String RESIZE_JS = """
            const grip = this, body = $0;
            if (grip.__tandemResize) return;
            grip.__tandemResize = true;
            const min = 96;
            const set = h => {
              const max = Math.max(min, window.innerHeight - 200);
              body.style.height = Math.round(Math.min(max, Math.max(min, h))) + 'px';
            };
            grip.addEventListener('pointerdown', e => {
              if (body.hidden) return;
              e.preventDefault();
              const startY = e.clientY, startH = body.getBoundingClientRect().height;
              grip.setPointerCapture(e.pointerId);
              const move = m => set(startH + startY - m.clientY);
              const up = () => {
                grip.removeEventListener('pointermove', move);
                grip.removeEventListener('pointerup', up);
                grip.removeEventListener('pointercancel', up);
              };
              grip.addEventListener('pointermove', move);
              grip.addEventListener('pointerup', up);
              grip.addEventListener('pointercancel', up);
            });
            grip.addEventListener('keydown', e => {
              const step = e.key === 'ArrowUp' ? 24 : e.key === 'ArrowDown' ? -24 : 0;
              if (step && !body.hidden) {
                e.preventDefault();
                set(body.getBoundingClientRect().height + step);
              }
            });
            """;

    private final Div body = new Div();
    private final Div grip = new Div();
    private final Button toggle = new Button();

    BottomPanel() {
        var panel = getContent();
        panel.setId("bottom-panel");
        panel.addClassName("bottom-panel");
        panel.setPadding(false);
        panel.setSpacing(false);
        panel.setWidthFull();

        var title = new Span("Panel");
        title.addClassName("panel-title");
        toggle.setId("bottom-panel-toggle");
        toggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        toggle.addClickListener(e -> setExpanded(!body.isVisible()));
        var header = new HorizontalLayout(title, toggle);
        header.addClassName("panel-header");
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);

        body.setId("bottom-panel-body");
        body.addClassName("bottom-panel-body");
        grip.setId("bottom-panel-resize");
        grip.addClassName("bottom-panel-resize");
        grip.getElement().setAttribute("role", "separator");
        grip.getElement().setAttribute("aria-orientation", "horizontal");
        grip.getElement().setAttribute("aria-label", "Resize panel");
        grip.getElement().setAttribute("title", "Drag to resize the panel");
        grip.getElement().setAttribute("tabindex", "0");
        grip.getStyle().set("height", "6px").set("width", "100%").set("flex-shrink", "0").set("cursor", "row-resize")
                .set("background", "var(--lumo-contrast-10pct)").set("touch-action", "none");
        grip.addAttachListener(e -> grip.getElement().executeJs(RESIZE_JS, body.getElement()));
        panel.add(grip, header, body);
        setExpanded(false);
    }

    Div body() {
        return body;
    }

    void setExpanded(boolean expanded) {
        body.setVisible(expanded);
        grip.setVisible(expanded);
        toggle.setIcon((expanded ? VaadinIcon.CHEVRON_DOWN : VaadinIcon.CHEVRON_UP).create());
        toggle.setAriaLabel(expanded ? "Collapse panel" : "Expand panel");
        toggle.setTooltipText(expanded ? "Collapse panel" : "Expand panel");
        getContent().getElement().setAttribute("data-expanded", String.valueOf(expanded));
    }
}
