package dev.tandem.ui.collab;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.tandem.collab.JoinLinks;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sharing a workspace (owners): invite a user by name with a role, or create a join link with a
 * role and an expiry; links are listed and can be revoked.
 */
public class ShareDialog extends Dialog {

    private static final List<Map.Entry<String, Duration>> EXPIRIES = List.of(
            Map.entry("1 hour", Duration.ofHours(1)), Map.entry("1 day", Duration.ofDays(1)),
            Map.entry("7 days", Duration.ofDays(7)), Map.entry("30 days", Duration.ofDays(30)));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final JoinLinks links;
    private final String owner;
    private final long workspaceId;
    private final String baseUrl;
    private final VerticalLayout linkList = new VerticalLayout();

    public ShareDialog(WorkspaceService workspaces, JoinLinks links, String owner, long workspaceId, String baseUrl) {
        this.links = links;
        this.owner = owner;
        this.workspaceId = workspaceId;
        this.baseUrl = baseUrl;
        setId("share-dialog");
        setHeaderTitle("Share this workspace");

        var username = new TextField("User name");
        username.setId("share-username");
        var role = roleSelect("share-role", Role.EDITOR, Role.OWNER, Role.EDITOR, Role.VIEWER);
        var invite = new Button("Invite", e -> {
            if (Toast.attempt(() -> workspaces.setMember(owner, workspaceId, username.getValue().strip(), role.getValue()))) {
                Toast.info(username.getValue().strip() + " is now " + role.getValue().id());
                username.clear();
            }
        });
        invite.setId("share-invite");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var inviteRow = new HorizontalLayout(username, role, invite);
        inviteRow.setAlignItems(FlexComponent.Alignment.BASELINE);

        var linkRole = roleSelect("link-role", Role.EDITOR, Role.EDITOR, Role.VIEWER);
        var expiry = new Select<String>();
        expiry.setId("link-expiry");
        expiry.setLabel("Expires after");
        expiry.setItems(EXPIRIES.stream().map(Map.Entry::getKey).toList());
        expiry.setValue("1 day");
        var created = new TextField("Join link (shown once)");
        created.setId("link-created");
        created.setReadOnly(true);
        created.setWidthFull();
        created.setVisible(false);
        var create = new Button("Create link", e -> {
            try {
                var link = links.create(owner, workspaceId, linkRole.getValue(), lifetime(expiry.getValue()));
                created.setValue(baseUrl + "/join/" + link.secret());
                created.setVisible(true);
                refreshLinks();
            } catch (TandemException ex) {
                Toast.error(ex.getMessage());
            }
        });
        create.setId("link-create");
        var linkRow = new HorizontalLayout(linkRole, expiry, create);
        linkRow.setAlignItems(FlexComponent.Alignment.BASELINE);

        linkList.setPadding(false);
        linkList.setSpacing(false);
        linkList.setId("link-list");
        var content = new VerticalLayout(new H4("Invite by name"), inviteRow, new H4("Join links"), linkRow, created, linkList);
        content.setPadding(false);
        content.setWidth("36rem");
        add(content);
        getFooter().add(new Button("Close", e -> close()));
        refreshLinks();
    }

    private void refreshLinks() {
        linkList.removeAll();
        Instant now = Instant.now();
        for (JoinLinks.Link link : links.list(owner, workspaceId)) {
            String state = link.revoked() ? "revoked" : link.usable(now) ? "expires " + TIME.format(link.expiresAt()) : "expired";
            var label = new Span(link.role().id() + " link · created " + TIME.format(link.createdAt()) + " · " + state);
            var row = new HorizontalLayout(label);
            row.setAlignItems(FlexComponent.Alignment.CENTER);
            row.getElement().setAttribute("data-link", Long.toString(link.id()));
            if (link.usable(now)) {
                var revoke = new Button("Revoke", e -> {
                    Toast.attempt(() -> links.revoke(owner, workspaceId, link.id()));
                    refreshLinks();
                });
                revoke.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
                row.add(revoke);
            }
            linkList.add(row);
        }
    }

    private static Duration lifetime(String label) {
        return EXPIRIES.stream().filter(e -> e.getKey().equals(label)).findFirst().orElseThrow().getValue();
    }

    private static Select<Role> roleSelect(String id, Role initial, Role... roles) {
        var select = new Select<Role>();
        select.setId(id);
        select.setLabel("Role");
        select.setItems(roles);
        select.setItemLabelGenerator(Role::id);
        select.setValue(initial);
        return select;
    }
}
