package dev.tandem.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import dev.tandem.config.TandemException;
import dev.tandem.security.UserService;

/** The signed-in user changes their own password, proving they know the current one. */
public class ChangePasswordDialog extends Dialog {

    public ChangePasswordDialog(UserService users, String username) {
        setHeaderTitle("Change password");
        var current = new PasswordField("Current password");
        current.setId("current-password");
        var fresh = new PasswordField("New password");
        fresh.setId("new-password");
        fresh.setHelperText("At least 8 characters");
        var repeat = new PasswordField("New password again");
        repeat.setId("repeat-password");
        for (var field : new PasswordField[] {current, fresh, repeat}) {
            field.setWidthFull();
        }
        add(new VerticalLayout(current, fresh, repeat));

        var save = new Button("Change password", e -> {
            if (!fresh.getValue().equals(repeat.getValue())) {
                repeat.setInvalid(true);
                repeat.setErrorMessage("The two new passwords differ");
                return;
            }
            try {
                users.changeOwnPassword(username, current.getValue(), fresh.getValue());
                Notification.show("Password changed", 3000, Notification.Position.BOTTOM_START);
                close();
            } catch (TandemException failure) {
                var notification = Notification.show(failure.getMessage(), 6000, Notification.Position.BOTTOM_START);
                notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        save.setId("change-password-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
