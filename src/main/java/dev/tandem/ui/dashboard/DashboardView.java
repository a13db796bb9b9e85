package dev.tandem.ui.dashboard;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.tandem.ui.Toast;
import dev.tandem.ui.ide.IdeView;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceService;
import dev.tandem.workspace.WorkspaceSummary;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** The start page: my workspaces, and what I may do with each. */
@Route("")
@PageTitle("Workspaces · Tandem")
@PermitAll
public class DashboardView extends VerticalLayout {

    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(Locale.UK).withZone(ZoneId.systemDefault());

    private final WorkspaceService workspaces;
    private final String username;
    private final Grid<WorkspaceSummary> grid = new Grid<>();

    public DashboardView(WorkspaceService workspaces, AuthenticationContext auth) {
        this.workspaces = workspaces;
        this.username = auth.getPrincipalName().orElseThrow();
        setSizeFull();

        var create = new Button("New workspace", VaadinIcon.PLUS.create(),
                e -> new NewWorkspaceDialog(workspaces, username, this::opened).open());
        create.setId("new-workspace");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var title = new HorizontalLayout(new H2("Workspaces"), create);
        title.setWidthFull();
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        title.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);

        grid.setId("workspaces");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addComponentColumn(this::openLink).setHeader("Name").setFlexGrow(2).setSortable(true)
                .setComparator(s -> s.workspace().name().toLowerCase(Locale.ROOT));
        grid.addColumn(s -> s.role().name().toLowerCase(Locale.ROOT)).setHeader("My role");
        grid.addColumn(s -> s.workspace().template() == null ? "—" : s.workspace().template()).setHeader("Template");
        grid.addColumn(s -> CREATED.format(s.workspace().createdAt())).setHeader("Created");
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setEmptyStateText("No workspaces yet. Create one with “New workspace”.");
        grid.setSizeFull();

        add(title, grid);
        refresh();
    }

    private void refresh() {
        Toast.attempt(() -> grid.setItems(workspaces.listFor(username)));
    }

    private void opened(long workspaceId) {
        getUI().ifPresent(ui -> ui.navigate(IdeView.class, IdeView.parameters(workspaceId)));
    }

    private RouterLink openLink(WorkspaceSummary summary) {
        var link = new RouterLink(summary.workspace().name(), IdeView.class, IdeView.parameters(summary.workspace().id()));
        link.getElement().setAttribute("data-workspace", summary.workspace().name());
        return link;
    }

    private HorizontalLayout actions(WorkspaceSummary summary) {
        var ws = summary.workspace();
        var row = new HorizontalLayout();
        row.setSpacing(false);
        row.getElement().setAttribute("data-actions", ws.name());
        var open = button(VaadinIcon.ARROW_FORWARD, "Open", "open", () -> opened(ws.id()));
        var members = button(VaadinIcon.USERS, "Members", "members",
                () -> new MembersDialog(workspaces, username, ws, summary.role() == Role.OWNER).open());
        row.add(open, members);
        if (summary.role() == Role.OWNER) {
            row.add(button(VaadinIcon.EDIT, "Rename", "rename",
                    () -> new RenameWorkspaceDialog(workspaces, username, ws, this::refresh).open()));
            row.add(button(VaadinIcon.TRASH, "Delete", "delete",
                    () -> new DeleteWorkspaceDialog(workspaces, username, ws, this::refresh).open()));
        }
        return row;
    }

    private static Button button(VaadinIcon icon, String label, String action, Runnable run) {
        var button = new Button(icon.create(), e -> run.run());
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
        button.setTooltipText(label);
        button.setAriaLabel(label);
        button.getElement().setAttribute("data-action", action);
        return button;
    }
}
