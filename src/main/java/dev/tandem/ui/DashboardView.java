package dev.tandem.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/** The start page: my workspaces. */
@Route("")
@PageTitle("Workspaces · Tandem")
@PermitAll
public class DashboardView extends VerticalLayout {

    public DashboardView() {
        add(new H2("Workspaces"));
    }
}
