package dev.tandem.ui.collab;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tandem.collab.JoinLinks;
import dev.tandem.config.TandemException;
import jakarta.annotation.security.PermitAll;

/** {@code /join/<secret>}: a signed-in user opening a join link becomes a member and lands in the IDE. */
@Route("join/:secret")
@PermitAll
public class JoinView extends VerticalLayout implements BeforeEnterObserver {

    private final JoinLinks links;
    private final String username;

    public JoinView(JoinLinks links, AuthenticationContext auth) {
        this.links = links;
        this.username = auth.getPrincipalName().orElseThrow();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String secret = event.getRouteParameters().get("secret").orElse("");
        try {
            long workspaceId = links.join(username, secret);
            event.forwardTo("workspaces/" + workspaceId);
        } catch (TandemException e) {
            removeAll();
            add(new H2("Cannot join"), new Paragraph(e.getMessage()));
        }
    }
}
