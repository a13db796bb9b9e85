package dev.tandem.ui.ide;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.textfield.TextField;
import java.util.function.Predicate;

/** Asks for one name (new file, new folder, rename); closes when the action accepts it. */
class NameDialog extends Dialog {

    NameDialog(String title, String label, String initial, String actionLabel, Predicate<String> action) {
        setHeaderTitle(title);
        setId("name-dialog");
        var name = new TextField(label, initial, "");
        name.setId("name-dialog-field");
        name.setWidth("24rem");
        name.setMaxLength(255);
        add(name);
        var ok = new Button(actionLabel, e -> {
            String value = name.getValue().trim();
            if (!value.isEmpty() && action.test(value)) {
                close();
            }
        });
        ok.setId("name-dialog-ok");
        ok.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ok.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", e -> close()), ok);
        name.focus();
        int dot = initial.lastIndexOf('.');
        if (dot > 0) {
            // Select the stem only, as file managers do, so typing keeps the extension.
            name.getElement().executeJs("setTimeout(() => this.inputElement.setSelectionRange(0, $0))", dot);
        }
    }
}
