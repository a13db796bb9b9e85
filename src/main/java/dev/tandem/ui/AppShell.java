package dev.tandem.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.PWA;
import com.vaadin.flow.theme.Theme;

/** Page-wide settings: the theme, and server push over websockets for live panels. */
@Push
@Theme("tandem")
@PWA(name = "Tandem", shortName = "Tandem")
public class AppShell implements AppShellConfigurator {
}
