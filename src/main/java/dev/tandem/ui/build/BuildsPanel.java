package dev.tandem.ui.build;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import dev.tandem.build.Build;
import dev.tandem.build.BuildPhase;
import dev.tandem.build.BuildService;
import dev.tandem.build.BuildStatus;
import dev.tandem.config.TandemException;
import dev.tandem.ui.Toast;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Builds panel of the IDE: history on the left; the selected build's summary, live log,
 * test reports with their trend, and artifacts on the right. It also feeds the status bar item
 * with the last build's state. Every change of a build of the workspace arrives through Vaadin
 * Push, so no one polls.
 */
public class BuildsPanel extends Composite<VerticalLayout> {

    private static final int HISTORY = 50;

    private final BuildService builds;
    private final String username;
    private final long workspaceId;
    private final boolean canWrite;
    private final Grid<Build> history = new Grid<>();
    private final Span summary = new Span();
    private final Div phases = new Div();
    private final Button stop = new Button("Stop", VaadinIcon.STOP.create());
    private final BuildLogView logView;
    private final BuildReportsView reports;
    private final Anchor artifacts = new Anchor();
    private final Span noArtifacts = new Span("This build has no artifacts.");
    private final Span statusItem = new Span();
    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    private Runnable stopListening = () -> { };
    private long selectedId = -1;

    public BuildsPanel(BuildService builds, String username, long workspaceId, boolean canWrite) {
        this.builds = builds;
        this.username = username;
        this.workspaceId = workspaceId;
        this.canWrite = canWrite;
        this.logView = new BuildLogView(builds, username);
        this.reports = new BuildReportsView();
        var layout = getContent();
        layout.setId("builds-panel");
        layout.addClassName("builds-panel");
        layout.setPadding(false);
        layout.setSpacing(false);
        layout.setSizeFull();

        history.setId("build-history");
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        history.addColumn(b -> "#" + b.number()).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        history.addComponentColumn(BuildsPanel::badge).setHeader("Status").setAutoWidth(true);
        history.addColumn(b -> duration(b.durationMillis())).setHeader("Time").setAutoWidth(true);
        history.addColumn(b -> b.tests() == null ? "" : b.tests().passed() + "/" + b.tests().total()).setHeader("Tests").setAutoWidth(true);
        history.addColumn(b -> b.startedBy() == null ? "" : b.startedBy()).setHeader("By").setAutoWidth(true);
        history.addSelectionListener(e -> select(e.getFirstSelectedItem().map(Build::id).orElse(-1L)));
        history.setSizeFull();

        summary.setId("build-summary");
        phases.setId("build-phases");
        phases.addClassName("build-phases");
        stop.setId("build-stop");
        stop.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        stop.addClickListener(e -> Toast.attempt(() -> builds.cancel(username, selectedId)));
        stop.setVisible(false);
        var head = new HorizontalLayout(summary, phases, stop);
        head.addClassName("build-head");
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        head.setWidthFull();
        head.expand(phases);

        artifacts.setId("build-artifacts-link");
        artifacts.getElement().setAttribute("download", true);
        noArtifacts.setId("build-no-artifacts");
        var artifactsTab = new VerticalLayout(artifacts, noArtifacts);
        var tabs = new TabSheet();
        tabs.setId("build-tabs");
        tabs.add("Log", logView);
        tabs.add("Reports", reports);
        tabs.add("Artifacts", artifactsTab);
        tabs.setSizeFull();

        var detail = new VerticalLayout(head, tabs);
        detail.setPadding(false);
        detail.setSpacing(false);
        detail.setSizeFull();
        detail.setFlexGrow(1, tabs);

        var split = new SplitLayout(history, detail);
        split.setSplitterPosition(30);
        split.setSizeFull();
        layout.addAndExpand(split);

        statusItem.setId("status-build");
        statusItem.addClassName("status-build");
    }

    /** The status bar item showing the last build of the workspace. */
    public Component statusItem() {
        return statusItem;
    }

    /** Starts a build of the workspace and selects it; an invalid buildspec is shown, not run. */
    public void startBuild() {
        if (!canWrite) {
            Toast.error("Viewers cannot start builds");
            return;
        }
        try {
            Build build = builds.start(username, workspaceId, null, null);
            refresh();
            selectBuild(build.id());
        } catch (TandemException e) {
            Toast.error(e.getMessage());
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        stopListening = builds.onBuildChange(username, workspaceId, id -> {
            if (refreshScheduled.compareAndSet(false, true)) {
                ui.access(() -> {
                    refreshScheduled.set(false);
                    refresh();
                });
            }
        });
        refresh();
        List<Build> items = history.getListDataView().getItems().toList();
        if (!items.isEmpty()) {
            selectBuild(items.get(0).id());
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopListening.run();
    }

    private void refresh() {
        List<Build> list = builds.list(username, workspaceId, HISTORY, null);
        history.setItems(list);
        reports.trend(list);
        Build last = list.isEmpty() ? null : list.get(0);
        statusItem.setText(last == null ? "" : "Build #" + last.number() + ": " + label(last.status()));
        statusItem.getElement().setAttribute("data-status", last == null ? "" : last.status().name());
        list.stream().filter(b -> b.id() == selectedId).findFirst().ifPresent(b -> {
            history.select(b);
            details(b);
        });
    }

    private void selectBuild(long id) {
        history.getListDataView().getItems().filter(b -> b.id() == id).findFirst().ifPresent(history::select);
    }

    private void select(long id) {
        if (id < 0 || id == selectedId) {
            return;
        }
        selectedId = id;
        logView.show(id);
        builds.list(username, workspaceId, HISTORY, null).stream().filter(b -> b.id() == id).findFirst()
                .ifPresent(this::details);
    }

    private void details(Build b) {
        String text = "Build #" + b.number() + " " + label(b.status());
        if (b.queuePosition() != null) {
            text += " (position " + b.queuePosition() + " in the queue)";
        } else if (b.durationMillis() != null) {
            text += " · " + duration(b.durationMillis());
        }
        summary.setText(text);
        summary.getElement().setAttribute("data-status", b.status().name());
        phases.removeAll();
        for (BuildPhase p : b.phases()) {
            var phase = new Span(p.name().toLowerCase(Locale.ROOT) + (p.durationMillis() == null ? "" : " " + duration(p.durationMillis())));
            phase.getElement().getThemeList().add("badge small " + theme(p.status()));
            if (p.message() != null) {
                phase.setTitle(p.message());
            }
            phases.add(phase);
        }
        stop.setVisible(canWrite && !b.status().done());
        if (b.id() == selectedId) {
            logView.update(b.status().done());
        }
        if (b.status().done()) {
            reports.show(b.tests() == null ? List.of() : builds.reports(username, b.id()));
        } else {
            reports.show(List.of());
        }
        boolean hasArtifacts = b.artifactsSize() != null;
        artifacts.setVisible(hasArtifacts);
        noArtifacts.setVisible(!hasArtifacts);
        if (hasArtifacts) {
            artifacts.setHref("/api/v1/builds/" + b.id() + "/artifacts");
            artifacts.setText("Download artifacts of build #" + b.number() + " (" + b.artifactsSize() + " bytes)");
        }
    }

    private static Component badge(Build b) {
        var badge = new Span(label(b.status()));
        badge.getElement().getThemeList().add("badge small " + theme(b.status()));
        badge.getElement().setAttribute("data-status", b.status().name());
        return badge;
    }

    static String label(BuildStatus status) {
        return status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String theme(BuildStatus status) {
        return switch (status) {
            case SUCCEEDED -> "success";
            case FAILED, FAULT, TIMED_OUT -> "error";
            case STOPPED -> "contrast";
            case QUEUED, IN_PROGRESS -> "";
        };
    }

    static String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        long s = millis / 1000;
        return s >= 60 ? s / 60 + "m " + s % 60 + "s" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
