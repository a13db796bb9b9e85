package dev.tandem.ui.dashboard;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.Member;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.Workspace;
import dev.tandem.workspace.WorkspaceService;
import java.util.Locale;

/**
 * The members of a workspace. Owners invite by username, change roles and remove members; others
 * only see the list. The service enforces all of it, this dialog only avoids offering what it refuses.
 */
class MembersDialog extends Dialog {

    private final WorkspaceService workspaces;
    private final String username;
    private final Workspace workspace;
    private final boolean owner;
    private final Grid<Member> grid = new Grid<>();

    MembersDialog(WorkspaceService workspaces, String username, Workspace workspace, boolean owner) {
        this.workspaces = workspaces;
        this.username = username;
        this.workspace = workspace;
        this.owner = owner;
        setHeaderTitle("Members of “" + workspace.name() + "”");
        setId("members-dialog");
        setWidth("36rem");

        grid.setId("members");
        grid.addColumn(Member::username).setHeader("User");
        grid.addComponentColumn(this::roleCell).setHeader("Role");
        if (owner) {
            grid.addComponentColumn(this::removeButton).setFlexGrow(0).setAutoWidth(true);
        }
        grid.setAllRowsVisible(true);
        add(grid);
        if (owner) {
            add(inviteForm());
        }
        getFooter().add(new Button("Close", e -> close()));
        refresh();
    }

    private HorizontalLayout inviteForm() {
        var name = new TextField("Username");
        name.setId("invite-username");
        var role = roleSelect();
        role.setId("invite-role");
        role.setValue(Role.EDITOR);
        var invite = new Button("Invite", VaadinIcon.PLUS.create(), e -> {
            if (Toast.attempt(() -> workspaces.setMember(username, workspace.id(), name.getValue().trim(), role.getValue()))) {
                name.clear();
                refresh();
            }
        });
        invite.setId("invite-submit");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var form = new HorizontalLayout(name, role, invite);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    private void refresh() {
        Toast.attempt(() -> grid.setItems(workspaces.members(username, workspace.id())));
    }

    private Component roleCell(Member member) {
        if (!owner) {
            return new Span(label(member.role()));
        }
        var select = roleSelect();
        select.setValue(member.role());
        select.getElement().setAttribute("data-member", member.username());
        select.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                Toast.attempt(() -> workspaces.setMember(username, workspace.id(), member.username(), e.getValue()));
                refresh();
            }
        });
        return select;
    }

    private Button removeButton(Member member) {
        var remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
            Toast.attempt(() -> workspaces.removeMember(username, workspace.id(), member.username()));
            refresh();
        });
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ERROR);
        remove.setTooltipText("Remove " + member.username());
        remove.getElement().setAttribute("data-remove", member.username());
        return remove;
    }

    private static Select<Role> roleSelect() {
        var select = new Select<Role>();
        select.setItems(Role.values());
        select.setItemLabelGenerator(MembersDialog::label);
        return select;
    }

    private static String label(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
