package dev.tandem.ui.ide;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.tandem.build.BuildService;
import dev.tandem.config.TandemException;
import dev.tandem.ui.build.BuildsPanel;
import dev.tandem.lang.LangService;
import dev.tandem.ui.lang.ProblemsPanel;
import dev.tandem.config.TandemProperties;
import dev.tandem.terminal.TerminalService;
import dev.tandem.ui.terminal.TerminalTabs;
import dev.tandem.collab.DocumentServerProcess;
import dev.tandem.collab.JoinLinks;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.tandem.ui.collab.PresenceBar;
import dev.tandem.ui.collab.ShareDialog;
import dev.tandem.workspace.Role;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import dev.tandem.workspace.WorkspaceWatcher;
import jakarta.annotation.security.PermitAll;
import java.util.Locale;

/**
 * The IDE for one workspace: file tree on the left, editor tabs in the centre, a panel below them
 * and a status bar. This class only assembles the parts and wires their events together.
 */
@Route("workspaces/:id")
@PermitAll
public class IdeView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private static final String ID = "id";

    private final WorkspaceService workspaces;
    private final WorkspaceFiles files;
    private final TandemProperties properties;
    private final ObjectMapper json;
    private final TerminalService terminals;
    private final BuildService builds;
    private final JoinLinks joinLinks;
    private final LangService lang;
    private final WorkspaceWatcher watcher;
    private final String username;
    private String title = "Workspace · Tandem";
    private EditorTabs tabs;
    private FileTree tree;

    public IdeView(WorkspaceService workspaces, WorkspaceFiles files, TandemProperties properties,
            AuthenticationContext auth, ObjectMapper json, TerminalService terminals, BuildService builds,
            JoinLinks joinLinks, LangService lang, WorkspaceWatcher watcher, DocumentServerProcess documents) {
        this.watcher = watcher;
        this.joinLinks = joinLinks;
        this.lang = lang;
        this.workspaces = workspaces;
        this.builds = builds;
        this.files = files;
        this.properties = properties;
        this.json = json;
        this.terminals = terminals;
        this.username = auth.getPrincipalName().orElseThrow();
        // The editor's first file opens through the document server: have it running by then.
        documents.startSoon();
        setId("ide");
        addClassName("ide");
        setSizeFull();
        setPadding(false);
        setSpacing(false);
    }

    /** The route parameters that open workspace {@code id}. */
    public static RouteParameters parameters(long id) {
        return new RouteParameters(ID, String.valueOf(id));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        long id = event.getRouteParameters().getLong(ID).orElse(-1L);
        OpenWorkspace workspace;
        try {
            workspace = new OpenWorkspace(username, workspaces.get(username, id), workspaces.roleOf(username, id));
        } catch (TandemException e) {
            // Unknown and not-a-member look the same, as in the service: no hint that it exists.
            event.rerouteToError(NotFoundException.class, "No such workspace");
            return;
        }
        title = workspace.workspace().name() + " · Tandem";
        removeAll();
        build(workspace);
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    private void build(OpenWorkspace workspace) {
        var downloads = new Downloads(files, workspace);
        var uploads = new FileUploads(files, workspace, properties.maxUploadSize());
        var status = new StatusBar();
        var memory = new TabMemory(this, username, workspace.id(), json);
        var presence = new PresenceBar(workspace.id(), username, workspace.role() == Role.OWNER);
        tabs = new EditorTabs(new TabFiles(files, workspace, downloads, properties.maxUploadSize(), lang), status, state -> {
            memory.save(state);
            presence.setActiveFile(state.active());
            if (state.active() != null) {
                tree.reveal(state.active());
            }
        });
        var actions = new FileActions(files, workspace, uploads, new TreeChanges());
        tree = new FileTree(files, watcher, workspace, actions, uploads, downloads, tabs::open);
        presence.addFollowFileListener(e -> tabs.open(e.getPath()));

        var centre = new VerticalLayout();
        centre.setPadding(false);
        centre.setSpacing(false);
        centre.setSizeFull();
        centre.addAndExpand(tabs);
        var bottom = new BottomPanel();
        var buildsPanel = new BuildsPanel(builds, username, workspace.id(), workspace.canWrite());
        var panels = new TabSheet();
        panels.setId("bottom-tabs");
        panels.setSizeFull();
        panels.add("Terminal", new TerminalTabs(terminals, username, workspace.id(), workspace.role().canWrite()));
        var buildsTab = panels.add("Builds", buildsPanel);
        var problemsLabel = new Span("Problems");
        var problemsTab = panels.add(problemsLabel, new ProblemsPanel(lang, username, workspace.id(),
                problem -> tabs.open(problem.path(), problem.line(), problem.column()),
                problems -> problemsLabel.setText(problems.isEmpty() ? "Problems" : "Problems (" + problems.size() + ")")));
        problemsTab.setId("problems-tab");
        bottom.body().removeAll();
        bottom.body().getStyle().set("height", "18rem").set("padding", "0");
        bottom.body().add(panels);
        centre.add(bottom);
        status.getElement().appendChild(buildsPanel.statusItem().getElement());

        var split = new SplitLayout(tree, centre);
        split.setId("ide-split");
        split.setSplitterPosition(22);
        split.setSizeFull();

        var header = header(workspace, presence);
        header.add(buildButton(workspace, buildsPanel, () -> {
            bottom.setExpanded(true);
            panels.setSelectedTab(buildsTab);
        }));
        add(header, split, status, downloads.trigger());
        setFlexGrow(1, split);
        memory.load(tabs::restore);
    }

    /** Build button and Ctrl+Shift+B: start a build and open the Builds panel on it. */
    private Button buildButton(OpenWorkspace workspace, BuildsPanel buildsPanel, Runnable showBuilds) {
        var button = new Button("Build", VaadinIcon.PLAY.create(), e -> {
            showBuilds.run();
            buildsPanel.startBuild();
        });
        button.setId("build-button");
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_PRIMARY);
        button.setTooltipText("Build the workspace (Ctrl+Shift+B)");
        button.setEnabled(workspace.canWrite());
        if (workspace.canWrite()) {
            Shortcuts.addShortcutListener(this, button::clickInClient, Key.KEY_B, KeyModifier.CONTROL, KeyModifier.SHIFT)
                    .allowBrowserDefault();
        }
        return button;
    }

    private HorizontalLayout header(OpenWorkspace workspace, PresenceBar presence) {
        var name = new Span(workspace.workspace().name());
        name.setId("workspace-name");
        name.addClassName("workspace-name");
        var role = new Span(workspace.role().name().toLowerCase(Locale.ROOT));
        role.setId("workspace-role");
        role.getElement().getThemeList().add("badge contrast small");
        var header = new HorizontalLayout(name, role);
        header.addClassName("ide-header");
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        if (workspace.role() == Role.VIEWER) {
            header.add(new Span("You can read this workspace but not change it."));
        }
        var spacer = new Span();
        header.add(spacer, presence);
        if (workspace.role() == Role.OWNER) {
            var share = new Button("Share", e -> getUI().ifPresent(ui -> ui.getPage().fetchCurrentURL(url ->
                    new ShareDialog(workspaces, joinLinks, username, workspace.id(),
                            url.getProtocol() + "://" + url.getAuthority()).open())));
            share.setId("share");
            header.add(share);
        }
        header.expand(spacer);
        header.setWidthFull();
        return header;
    }

    /** Changes made in the tree, passed on to the tree itself and to the tabs. */
    private final class TreeChanges implements FileActions.Listener {
        @Override
        public void changed() {
            tree.refresh();
        }

        @Override
        public void open(String path) {
            tabs.open(path);
        }

        @Override
        public void moved(String from, String to) {
            tabs.moved(from, to);
        }

        @Override
        public void deleted(String path) {
            tabs.deleted(path);
        }
    }
}
