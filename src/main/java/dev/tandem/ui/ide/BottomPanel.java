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
 * The collapsible panel under the editor. Terminals and build output will live in {@link #body()};
 * until then it says so instead of pretending.
 */
class BottomPanel extends Composite<VerticalLayout> {

    private final Div body = new Div();
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
        body.add(new Span("Terminals and build output will appear here."));
        panel.add(header, body);
        setExpanded(false);
    }

    Div body() {
        return body;
    }

    void setExpanded(boolean expanded) {
        body.setVisible(expanded);
        toggle.setIcon((expanded ? VaadinIcon.CHEVRON_DOWN : VaadinIcon.CHEVRON_UP).create());
        toggle.setAriaLabel(expanded ? "Collapse panel" : "Expand panel");
        toggle.setTooltipText(expanded ? "Collapse panel" : "Expand panel");
        getContent().getElement().setAttribute("data-expanded", String.valueOf(expanded));
    }
}
