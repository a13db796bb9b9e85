package dev.tandem.ui.admin;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.tandem.config.TandemException;
import dev.tandem.security.User;
import dev.tandem.security.UserService;
import jakarta.annotation.security.RolesAllowed;

/** Account administration: create users, disable or enable them, reset passwords, grant admin. */
@Route("admin/users")
@PageTitle("Users · Tandem")
@RolesAllowed("ADMIN")
public class UsersView extends VerticalLayout {

    private final UserService users;
    private final Grid<User> grid = new Grid<>();

    public UsersView(UserService users) {
        this.users = users;
        var create = new Button("New user", VaadinIcon.PLUS.create(), e -> createDialog());
        create.setId("new-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

        grid.setId("users");
        grid.addColumn(User::username).setHeader("Username").setFlexGrow(2);
        grid.addColumn(u -> u.admin() ? "administrator" : "user").setHeader("Role");
        grid.addColumn(u -> u.enabled() ? "enabled" : "disabled").setHeader("Status");
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        add(new H2("Users"), create, grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(users.list());
    }

    private HorizontalLayout actions(User user) {
        var toggle = new Button(user.enabled() ? "Disable" : "Enable",
                e -> change(() -> users.update(user.username(), !user.enabled(), null, null)));
        toggle.addClassName(user.enabled() ? "disable-user" : "enable-user");
        var admin = new Button(user.admin() ? "Revoke admin" : "Make admin",
                e -> change(() -> users.update(user.username(), null, !user.admin(), null)));
        admin.addClassName("toggle-admin");
        var reset = new Button("Reset password…", e -> resetDialog(user));
        reset.addClassName("reset-password");
        var row = new HorizontalLayout(toggle, admin, reset);
        row.getChildren().forEach(c -> ((Button) c).addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL));
        row.getElement().setAttribute("data-user", user.username());
        return row;
    }

    private void change(Runnable action) {
        if (attempt(action)) {
            refresh();
        }
    }

    private void createDialog() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("New user");
        var username = new TextField("Username");
        username.setId("new-username");
        username.setHelperText("Lower-case letters, digits, '.', '_' or '-'");
        var password = new PasswordField("Password");
        password.setId("new-user-password");
        password.setHelperText("At least 8 characters; tell it to the user, who can change it");
        var admin = new Checkbox("Administrator");
        admin.setId("new-user-admin");
        dialog.add(new VerticalLayout(username, password, admin));
        var save = new Button("Create", e -> {
            if (attempt(() -> users.create(username.getValue().strip(), password.getValue(), admin.getValue()))) {
                dialog.close();
                refresh();
            }
        });
        save.setId("create-user");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
        username.focus();
    }

    private void resetDialog(User user) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("New password for " + user.username());
        var password = new PasswordField("New password");
        password.setId("reset-password-value");
        password.setHelperText("Also lifts a lock after failed sign-ins");
        dialog.add(password);
        var save = new Button("Set password", e -> {
            if (attempt(() -> users.update(user.username(), null, null, password.getValue()))) {
                Notification.show("Password of " + user.username() + " changed", 3000, Notification.Position.BOTTOM_START);
                dialog.close();
            }
        });
        save.setId("reset-password-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
        password.focus();
    }

    private static boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (TandemException failure) {
            Notification.show(failure.getMessage(), 6000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
            return false;
        }
    }
}
