package dev.tandem.ui.build;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.tandem.build.Build;
import dev.tandem.build.TestCase;
import dev.tandem.build.TestReport;
import dev.tandem.build.TestSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A build's test results (failures first, with their messages) and the trend of the last builds. */
class BuildReportsView extends Composite<VerticalLayout> {

    private final Span summary = new Span();
    private final Div trend = new Div();
    private final Grid<TestCase> cases = new Grid<>();

    BuildReportsView() {
        var layout = getContent();
        layout.setPadding(false);
        layout.setSizeFull();
        summary.setId("build-report-summary");
        trend.setId("build-trend");
        trend.addClassName("build-trend");
        cases.setId("build-report-cases");
        cases.addThemeVariants(GridVariant.LUMO_COMPACT);
        cases.addColumn(c -> c.status().name().toLowerCase(Locale.ROOT)).setHeader("Result").setAutoWidth(true).setFlexGrow(0);
        cases.addColumn(c -> c.className().isEmpty() ? c.suite() : c.className()).setHeader("Class").setAutoWidth(true);
        cases.addColumn(TestCase::name).setHeader("Test").setAutoWidth(true);
        cases.addColumn(c -> BuildsPanel.duration(c.durationMillis())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        cases.addColumn(c -> c.message() == null ? "" : c.message()).setHeader("Message").setFlexGrow(2);
        cases.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(c -> {
            var details = new com.vaadin.flow.component.html.Pre(c.details() == null ? "" : c.details());
            details.addClassName("build-test-details");
            return details;
        }));
        layout.add(trend, summary);
        layout.addAndExpand(cases);
    }

    void show(List<TestReport> reports) {
        List<TestCase> all = new ArrayList<>();
        TestSummary total = new TestSummary(0, 0, 0, 0, 0);
        for (TestReport r : reports) {
            all.addAll(r.cases());
            total = new TestSummary(total.total() + r.summary().total(), total.passed() + r.summary().passed(),
                    total.failed() + r.summary().failed(), total.skipped() + r.summary().skipped(),
                    total.durationMillis() + r.summary().durationMillis());
        }
        summary.setText(reports.isEmpty() ? "No test reports." : total.total() + " tests: " + total.passed() + " passed, "
                + total.failed() + " failed, " + total.skipped() + " skipped");
        cases.setItems(all);
    }

    /** Bars of passed and failed tests per build, oldest on the left. */
    void trend(List<Build> newestFirst) {
        trend.removeAll();
        int max = newestFirst.stream().filter(b -> b.tests() != null).mapToInt(b -> b.tests().total()).max().orElse(0);
        if (max == 0) {
            return;
        }
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Build b = newestFirst.get(i);
            if (b.tests() == null) {
                continue;
            }
            var bar = new Div();
            bar.addClassName("build-trend-bar");
            bar.setTitle("#" + b.number() + ": " + b.tests().passed() + " passed, " + b.tests().failed() + " failed");
            var failed = new Div();
            failed.addClassName("failed");
            failed.setHeight(100.0 * b.tests().failed() / max + "%");
            var passed = new Div();
            passed.addClassName("passed");
            passed.setHeight(100.0 * b.tests().passed() / max + "%");
            bar.add(failed, passed);
            trend.add(bar);
        }
    }
}
