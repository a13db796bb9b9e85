package dev.tandem.ui.settings;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tandem.config.TandemException;
import dev.tandem.security.TokenService;
import dev.tandem.security.TokenService.CreatedToken;
import dev.tandem.security.TokenService.TokenInfo;
import dev.tandem.security.UserService;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** The signed-in user's personal access tokens: create (shown once), list, revoke; and their password. */
@Route("settings/tokens")
@PageTitle("Access tokens · Tandem")
@PermitAll
public class TokensView extends VerticalLayout {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

    private final TokenService tokens;
    private final String username;
    private final Grid<TokenInfo> grid = new Grid<>();

    public TokensView(TokenService tokens, UserService users, AuthenticationContext auth) {
        this.tokens = tokens;
        this.username = auth.getPrincipalName().orElseThrow();

        var create = new Button("New token", VaadinIcon.PLUS.create(), e -> askForName());
        create.setId("new-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var password = new Button("Change password…", e -> new ChangePasswordDialog(users, username).open());
        password.setId("change-password");

        grid.setId("tokens");
        grid.addColumn(TokenInfo::name).setHeader("Name").setFlexGrow(2);
        grid.addColumn(t -> when(t.created())).setHeader("Created");
        grid.addColumn(t -> t.lastUsed() == null ? "never" : when(t.lastUsed())).setHeader("Last used");
        grid.addComponentColumn(this::revokeButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        add(new H2("Access tokens"),
                new Paragraph("Tokens let the command-line client and scripts act as you: send one as "
                        + "'Authorization: Bearer <token>'. Revoke a token you no longer use."),
                new HorizontalLayout(create, password), grid);
        refresh();
    }

    private void refresh() {
        grid.setItems(tokens.list(username));
    }

    private Button revokeButton(TokenInfo token) {
        var revoke = new Button("Revoke", e -> confirmRevoke(token));
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        revoke.addClassName("revoke-token");
        return revoke;
    }

    private void confirmRevoke(TokenInfo token) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Revoke \"" + token.name() + "\"?");
        dialog.add(new Paragraph("Programs using this token will be refused from now on."));
        var confirm = new Button("Revoke", e -> {
            attempt(() -> tokens.revoke(username, token.id()));
            dialog.close();
            refresh();
        });
        confirm.setId("confirm-revoke");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        dialog.open();
    }

    private void askForName() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("New access token");
        var name = new TextField("Name");
        name.setId("token-name");
        name.setPlaceholder("e.g. laptop CLI");
        name.setMaxLength(100);
        name.setWidthFull();
        dialog.add(name);
        var create = new Button("Create", e -> {
            try {
                CreatedToken created = tokens.create(username, name.getValue());
                dialog.close();
                refresh();
                showOnce(created);
            } catch (TandemException failure) {
                name.setInvalid(true);
                name.setErrorMessage(failure.getMessage());
            }
        });
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
        name.focus();
    }

    /** The secret, this one time: it is not stored and cannot be shown again. */
    private void showOnce(CreatedToken created) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Token \"" + created.name() + "\" created");
        var secret = new TextField();
        secret.setId("token-secret");
        secret.setValue(created.token());
        secret.setReadOnly(true);
        secret.setWidth("32em");
        secret.addFocusListener(e -> secret.getElement().executeJs("this.inputElement.select()"));
        var copy = new Button("Copy", VaadinIcon.COPY.create(), e -> {
            secret.getElement().executeJs("navigator.clipboard.writeText($0)", created.token());
            Notification.show("Copied", 2000, Notification.Position.BOTTOM_START);
        });
        copy.setId("copy-token");
        dialog.add(new Paragraph("Copy it now: it will not be shown again."), new HorizontalLayout(secret, copy));
        var done = new Button("Done", e -> dialog.close());
        done.setId("token-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(done);
        dialog.setCloseOnOutsideClick(false);
        dialog.open();
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }

    private static void attempt(Runnable action) {
        try {
            action.run();
        } catch (TandemException failure) {
            Notification.show(failure.getMessage(), 6000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }
}
