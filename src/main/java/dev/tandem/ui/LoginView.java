package dev.tandem.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.tandem.security.SecurityProperties;

/** Sign-in page; Spring Security handles the POST to {@code /login}. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Tandem")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm form = new LoginForm();

    private final SecurityProperties security;

    public LoginView(SecurityProperties security) {
        this.security = security;
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        add(new H1("Tandem"), form);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var error = event.getLocation().getQueryParameters().getParameters().get("error");
        if (error != null) {
            // The same words for a wrong name, a wrong password and a locked account, so that the
            // page never tells a stranger which accounts exist.
            boolean disabled = error.contains("disabled");
            var i18n = LoginI18n.createDefault();
            i18n.getErrorMessage().setTitle(disabled ? "Account disabled" : "Sign-in failed");
            i18n.getErrorMessage().setMessage(disabled
                    ? "This account is disabled. Ask an administrator to enable it."
                    : "Check the username and password. After " + security.lockAfterFailures()
                            + " failed attempts in a row the account is locked for a while ("
                            + security.firstLock().toSeconds() + " seconds, longer with each further failure):"
                            + " wait and try again.");
            form.setI18n(i18n);
        }
        form.setError(error != null);
    }
}
