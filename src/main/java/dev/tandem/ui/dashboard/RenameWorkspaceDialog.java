package dev.tandem.ui.dashboard;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.Workspace;
import dev.tandem.workspace.WorkspaceService;

/** Renames a workspace (owners only; the service checks). */
class RenameWorkspaceDialog extends Dialog {

    RenameWorkspaceDialog(WorkspaceService workspaces, String username, Workspace workspace, Runnable renamed) {
        setHeaderTitle("Rename workspace");
        var name = new TextField("New name", workspace.name(), "");
        name.setId("rename-workspace-name");
        name.setMaxLength(100);
        name.setWidthFull();
        add(name);
        var save = new Button("Rename", e -> {
            if (Toast.attempt(() -> workspaces.rename(username, workspace.id(), name.getValue().trim()))) {
                close();
                renamed.run();
            }
        });
        save.setId("rename-workspace-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", e -> close()), save);
        name.focus();
    }
}
