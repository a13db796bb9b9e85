package dev.tandem.ui.lang;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.tandem.lang.LangService;
import dev.tandem.lang.Problem;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Every problem the Java language service knows in a workspace (whole-workspace check plus what
 * editors are typing), errors first, updated live; clicking one opens the file at its position.
 */
public class ProblemsPanel extends Composite<Grid<Problem>> {

    private final LangService lang;
    private final String username;
    private final long workspaceId;
    private final Consumer<Problem> open;
    private final Consumer<List<Problem>> changed;
    /** The newest list from the service, applied by at most one queued UI task. */
    private final AtomicReference<List<Problem>> latest = new AtomicReference<>();
    private Runnable stop = () -> { };

    /**
     * @param open    opens a problem's file at its position
     * @param changed told the new list after each change (e.g. for a counter in a tab's label)
     */
    public ProblemsPanel(LangService lang, String username, long workspaceId, Consumer<Problem> open,
            Consumer<List<Problem>> changed) {
        this.lang = lang;
        this.username = username;
        this.workspaceId = workspaceId;
        this.open = open;
        this.changed = changed;
        var grid = getContent();
        grid.setId("problems");
        grid.setSizeFull();
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.addComponentColumn(ProblemsPanel::severityIcon).setHeader("").setWidth("3em").setFlexGrow(0);
        grid.addColumn(Problem::message).setHeader("Problem").setFlexGrow(4);
        grid.addColumn(Problem::path).setHeader("File").setFlexGrow(2);
        grid.addColumn(p -> p.line() + ":" + p.column()).setHeader("Line").setWidth("6em").setFlexGrow(0);
        grid.setClassNameGenerator(p -> "problem-" + p.severity());
        grid.addItemClickListener(e -> this.open.accept(e.getItem()));
        grid.setEmptyStateText("No problems found.");
    }

    private static Span severityIcon(Problem problem) {
        var icon = switch (problem.severity()) {
            case "error" -> VaadinIcon.CLOSE_CIRCLE.create();
            case "warning" -> VaadinIcon.WARNING.create();
            default -> VaadinIcon.INFO_CIRCLE.create();
        };
        icon.setSize("var(--lumo-icon-size-s)");
        icon.setColor(switch (problem.severity()) {
            case "error" -> "var(--lumo-error-color)";
            case "warning" -> "hsl(40, 90%, 42%)";
            default -> "var(--lumo-primary-color)";
        });
        var cell = new Span(icon);
        cell.getElement().setAttribute("title", problem.severity());
        return cell;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        stop = lang.watchProblems(username, workspaceId, problems -> {
            if (latest.getAndSet(problems) == null) {
                ui.access(this::show);
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stop.run();
        stop = () -> { };
    }

    private void show() {
        List<Problem> problems = latest.getAndSet(null);
        if (problems != null) {
            getContent().setItems(problems);
            changed.accept(problems);
        }
    }
}
