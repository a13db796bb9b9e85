package dev.tandem.ui.dashboard;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import dev.tandem.workspace.WorkspaceService;
import java.util.List;
import java.util.function.LongConsumer;

/** Asks for a name and an optional template, then creates the workspace. */
class NewWorkspaceDialog extends Dialog {

    NewWorkspaceDialog(WorkspaceService workspaces, String username, LongConsumer created) {
        setHeaderTitle("New workspace");
        setId("new-workspace-dialog");

        var name = new TextField("Name");
        name.setId("new-workspace-name");
        name.setRequired(true);
        name.setMaxLength(100);
        name.setWidthFull();
        var template = new ComboBox<String>("Template");
        template.setId("new-workspace-template");
        template.setPlaceholder("Empty workspace");
        template.setClearButtonVisible(true);
        template.setItems(templates(workspaces));
        template.setWidthFull();
        add(new FormLayout(name, template));

        var create = new Button("Create", e -> {
            try {
                var ws = workspaces.create(username, name.getValue().trim(), template.getValue());
                close();
                created.accept(ws.id());
            } catch (TandemException ex) {
                Toast.error(ex.getMessage());
            }
        });
        create.setId("new-workspace-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", e -> close()), create);
        name.focus();
    }

    private static List<String> templates(WorkspaceService workspaces) {
        try {
            return workspaces.templates();
        } catch (TandemException e) {
            Toast.error(e.getMessage());
            return List.of();
        }
    }
}
