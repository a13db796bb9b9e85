package dev.tandem.lang.lsp;

import dev.tandem.lang.OpenProject;
import dev.tandem.lang.TextDocument;
import dev.tandem.lang.jdt.Cancellation;
import dev.tandem.lang.jdt.Diagnostics;
import dev.tandem.lang.jdt.IncrementalProblems;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.lsp4j.Diagnostic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problems of one client's open Java documents, compiled as little as possible: taken from the
 * whole-workspace check when it compiled the very text, else from the edited method alone when an
 * edit stayed inside one method body (against the document's baseline, its last full compilation;
 * see {@link IncrementalProblems}), else from a full compilation of the file, which becomes the new
 * baseline. After a method-only check the whole file is compiled again once typing pauses.
 */
final class DocumentProblems {

    private static final Logger log = LoggerFactory.getLogger(DocumentProblems.class);

    private final OpenProject project;
    private final OpenDocuments documents;
    private final DocumentCompiler compiler;
    private final ProblemsPublisher publisher;
    private final Client client;
    private final long fullCheckDelayMillis;
    /** Per open document, its last full compilation (the base of method-only checks). */
    private final Map<String, IncrementalProblems.Baseline> baselines = new ConcurrentHashMap<>();
    /** Per open document, its pending full check after typing pauses. */
    private final Map<String, ScheduledFuture<?>> quietChecks = new ConcurrentHashMap<>();

    DocumentProblems(OpenProject project, OpenDocuments documents, DocumentCompiler compiler, ProblemsPublisher publisher,
            Client client, long fullCheckDelayMillis) {
        this.project = project;
        this.documents = documents;
        this.compiler = compiler;
        this.publisher = publisher;
        this.client = client;
        this.fullCheckDelayMillis = fullCheckDelayMillis;
    }

    /** The problems of {@code doc}, the current text of the open document {@code uri}; cancelled by its next edit. */
    List<Diagnostic> of(String uri, TextDocument doc) {
        List<Diagnostic> checked = fromCheck(uri, doc);
        if (checked != null) {
            return checked;
        }
        Environment environment = environment(uri);
        IncrementalProblems.Baseline base = baselines.get(uri);
        String text = doc.text();
        if (base != null && base.environment().equals(environment) && base.text().equals(text)) {
            return Diagnostics.of(base.problems(), doc);
        }
        var monitor = compiler.monitor(() -> client.gone() || documents.get(uri) != doc);
        IncrementalProblems.Plan plan = IncrementalProblems.plan(base, text, environment);
        if (plan.methodOnly()) {
            CategorizedProblem[] problems = project.java().methodProblems(documents.absolute(doc), text, base, plan,
                    documents.overlay(), monitor);
            if (problems != null) {
                fullCheckWhenQuiet(uri, doc);
                return Diagnostics.of(problems, doc);
            }
        }
        return Diagnostics.of(fullCompile(uri, doc, environment, monitor).problems(), doc);
    }

    /**
     * A document whose problems came from the whole-workspace check has no baseline yet: compile it
     * now, after its problems were sent, so that its first keystroke is already checked by its method
     * alone. Not cancelled by that keystroke (it waits for this instead, and gains from it).
     */
    void prepareBaseline(String uri, TextDocument doc) {
        if (!doc.path().endsWith(".java") || baselines.containsKey(uri)) {
            return;
        }
        try {
            fullCompile(uri, doc, environment(uri), compiler.monitor(client::gone));
        } catch (OperationCanceledException e) {
            // Closed, or out of time: the first keystroke compiles the whole file.
        }
    }

    /** The document was closed: its baseline and pending full check go. */
    void forget(String uri) {
        baselines.remove(uri);
        ScheduledFuture<?> quiet = quietChecks.remove(uri);
        if (quiet != null) {
            quiet.cancel(false);
        }
    }

    /** The client left: no full check is run for it any more. */
    void close() {
        quietChecks.values().forEach(check -> check.cancel(false));
    }

    private IncrementalProblems.Baseline fullCompile(String uri, TextDocument doc, Environment environment,
            Cancellation monitor) {
        var full = project.java().fullProblems(documents.absolute(doc), doc.text().toCharArray(), documents.overlay(),
                environment, monitor);
        baselines.compute(uri, (u, old) -> IncrementalProblems.better(old, full));
        return full;
    }

    /**
     * Once typing pauses, the document's problems from a full compilation: exact even where a
     * method-only check could not see (what only code generation finds), and the next baseline.
     */
    private void fullCheckWhenQuiet(String uri, TextDocument doc) {
        ScheduledFuture<?> old = quietChecks.put(uri, project.later(() -> {
            if (client.gone() || documents.get(uri) != doc) {
                return;
            }
            try {
                var full = fullCompile(uri, doc, environment(uri),
                        compiler.monitor(() -> client.gone() || documents.get(uri) != doc));
                publisher.publishEdited(uri, doc, Diagnostics.of(full.problems(), doc));
            } catch (OperationCanceledException e) {
                // A newer edit: it schedules its own check.
            } catch (RuntimeException e) {
                log.warn("Diagnostics failed on {}: {}", uri, e.toString());
            }
        }, fullCheckDelayMillis));
        if (old != null) {
            old.cancel(false);
        }
    }

    /** What a compilation of one document sees of the others: a baseline holds while this is equal. */
    private record Environment(long generation, Map<String, String> others) {
    }

    private Environment environment(String uri) {
        return new Environment(project.java().generation(), documents.textsOtherThan(uri));
    }

    /**
     * A document not edited since it was opened, with every other open document as on disk, has the
     * problems the whole-workspace check found in its file, if that check compiled this very text:
     * the first diagnostics after opening need no compilation of their own.
     */
    private List<Diagnostic> fromCheck(String uri, TextDocument doc) {
        if (!documents.unedited(uri)) {
            return null;
        }
        for (TextDocument other : documents.all()) {
            if (other != doc && project.checkedProblems(other.path(), other.text()) == null) {
                return null;
            }
        }
        return project.checkedProblems(doc.path(), doc.text());
    }
}
