package dev.tandem.ui.dashboard;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.Workspace;
import dev.tandem.workspace.WorkspaceService;

/**
 * Deleting removes every file of the workspace, so the owner types its name to confirm: a slip of
 * the mouse cannot do it.
 */
class DeleteWorkspaceDialog extends ConfirmDialog {

    DeleteWorkspaceDialog(WorkspaceService workspaces, String username, Workspace workspace, Runnable deleted) {
        setHeader("Delete workspace “" + workspace.name() + "”?");
        setId("delete-workspace-dialog");
        var typed = new TextField("Type the workspace name to confirm");
        typed.setId("delete-workspace-name");
        typed.setWidthFull();
        typed.setValueChangeMode(ValueChangeMode.EAGER);
        setText(new VerticalLayout(
                new Paragraph("All its files and its member list are removed. This cannot be undone."), typed));

        var confirm = new Button("Delete", e -> {
            if (Toast.attempt(() -> workspaces.delete(username, workspace.id()))) {
                close();
                deleted.run();
            }
        });
        confirm.setId("delete-workspace-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setEnabled(false);
        typed.addValueChangeListener(e -> confirm.setEnabled(workspace.name().equals(e.getValue())));
        setConfirmButton(confirm);
        setCancelable(true);
    }
}
