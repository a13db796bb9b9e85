package dev.tandem.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tandem.ui.dashboard.DashboardView;

/**
 * The frame around every page but the login: brand, a link home and the user menu. It is an
 * automatic layout ({@link Layout}), so views of other areas (tokens, user admin) get it without
 * naming it.
 *
 * <p>Vaadin checks a layout's access annotation as well as the view's, and the stricter wins. The
 * layout shows nothing worth protecting, so it allows everyone and each view alone decides who
 * may see it; anonymous pages simply get no user menu.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext auth) {
        var brand = new RouterLink("Tandem", DashboardView.class);
        brand.setId("brand");
        brand.addClassName("tandem-brand");
        var workspaces = new RouterLink("Workspaces", DashboardView.class);
        workspaces.setId("nav-dashboard");

        var header = new HorizontalLayout(brand, workspaces);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.addClassName("tandem-header");
        header.expand(workspaces);
        if (auth.isAuthenticated()) {
            header.add(userMenu(auth));
        }
        addToNavbar(header);
    }

    private static MenuBar userMenu(AuthenticationContext auth) {
        var menu = new MenuBar();
        menu.setId("user-menu");
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY);
        var name = new Span(auth.getPrincipalName().orElse(""));
        name.setId("user-name");
        var top = menu.addItem(new HorizontalLayout(VaadinIcon.USER.create(), name));
        SubMenu sub = top.getSubMenu();
        sub.addItem("Access tokens", e -> UI.getCurrent().navigate("settings/tokens")).setId("menu-tokens");
        if (auth.hasRole("ADMIN")) {
            sub.addItem("Users", e -> UI.getCurrent().navigate("admin/users")).setId("menu-users");
        }
        sub.addItem("Sign out", e -> auth.logout()).setId("menu-sign-out");
        return menu;
    }
}
